"""The LAN feature's SQL: the API's reads and changes, the monitor's writes, RTD samples.

`devices` serves the API, `inventory` writes what the monitor and the demo find, `rtd` stores
and reads round-trip delay buckets; `rows` turns rows into models and JSON columns into values.
"""

from __future__ import annotations

from .devices import LanRepository

__all__ = ["LanRepository"]
