"""The hub's time zone: days, periods and times shown are the hub's local ones."""

from __future__ import annotations

from zoneinfo import ZoneInfo

#: Every hub is in England; times are stored in UTC and shown in this zone.
HUB_ZONE = ZoneInfo("Europe/London")
