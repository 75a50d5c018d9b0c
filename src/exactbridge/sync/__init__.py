"""`exactbridge.sync`: a local copy of every division, kept fresh with the fewest calls."""

from __future__ import annotations
