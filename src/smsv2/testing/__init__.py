"""Offline fake of the SMS Voice V2 service."""
