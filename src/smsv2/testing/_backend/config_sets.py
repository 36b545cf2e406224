"""config_sets family."""

from __future__ import annotations
