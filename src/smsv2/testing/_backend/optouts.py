"""optouts family."""

from __future__ import annotations
