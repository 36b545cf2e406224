"""The generator of smsv2's typed layer (not shipped in the package)."""
