"""A faithful local Exact Online: OAuth, rate limits, OData v2 and seeded data.

An independent peer of the rest of exactbridge: it imports nothing above `exact/`, so the
client is tested against the same behaviour a third-party client sees.

    from exactbridge.emulator import EmulatorConfig, ManualClock, create_app
"""

from __future__ import annotations

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import Clock, ManualClock, SystemClock
from exactbridge.emulator.config import AppRegistration, EmulatorConfig, RateLimits

__all__ = [
    "AppRegistration",
    "Clock",
    "EmulatorConfig",
    "ManualClock",
    "RateLimits",
    "SystemClock",
    "create_app",
]
