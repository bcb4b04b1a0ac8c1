"""Readings of the demo line as driver output (raw form) or as normalized channel records."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..analysis.channels import theoretical_bitrate
from .line import DemoLine, LineReading

DS_SYMBOL_RATE = 6952
US_SYMBOL_RATE = 5120


@cache
def _bitrate(family: str, modulation: str, direction: str) -> float | None:
    rate = DS_SYMBOL_RATE if direction == "ds" else US_SYMBOL_RATE
    return theoretical_bitrate(family, modulation, rate, direction)


def as_records(
    line: DemoLine, reading: LineReading
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return normalized DS and US records (what the analyzer's normalize step yields)."""
    ds: list[dict[str, Any]] = []
    us: list[dict[str, Any]] = []
    for index, template in enumerate(line.templates):
        modulation = reading.modulation[index]
        if template.direction == "ds":
            ds.append(
                {
                    "channel_id": template.channel_id,
                    "frequency": template.frequency,
                    "power": reading.power[index],
                    "modulation": modulation,
                    "snr": reading.snr[index],
                    "correctable_errors": reading.corrected[index],
                    "uncorrectable_errors": reading.uncorrected[index],
                    "docsis_version": template.docsis_version,
                    "channel_family": template.family,
                    "theoretical_bitrate": _bitrate(template.family, modulation, "ds"),
                }
            )
            continue
        record = {
            "channel_id": template.channel_id,
            "frequency": template.frequency,
            "power": reading.power[index],
            "modulation": modulation,
            "multiplex": "OFDMA" if template.family == "ofdma" else "ATDMA",
            "docsis_version": template.docsis_version,
            "channel_family": template.family,
            "theoretical_bitrate": _bitrate(template.family, modulation, "us"),
        }
        if reading.profile[index] is not None:
            record["profile_modulation"] = reading.profile[index]
        us.append(record)
    return ds, us


def as_raw(line: DemoLine, reading: LineReading) -> dict[str, Any]:
    """Return the reading in the split raw form a FRITZ!Box-style driver delivers."""
    lanes: dict[str, dict[str, list[dict[str, Any]]]] = {
        "channelDs": {"docsis30": [], "docsis31": []},
        "channelUs": {"docsis30": [], "docsis31": []},
    }
    for index, template in enumerate(line.templates):
        lane = "docsis31" if template.docsis_version == "3.1" else "docsis30"
        raw: dict[str, Any] = {
            "channelID": template.channel_id,
            "frequency": template.frequency,
            "powerLevel": f"{reading.power[index]:.1f}",
            "modulation": reading.modulation[index],
        }
        if template.direction == "ds":
            if template.family == "ofdm":
                raw["type"] = "OFDM"
                raw["mer"] = f"{reading.snr[index]:.1f}"
            else:
                raw["mse"] = f"{-(reading.snr[index] or 0):.1f}"
            raw["corrErrors"] = reading.corrected[index]
            raw["nonCorrErrors"] = reading.uncorrected[index]
            lanes["channelDs"][lane].append(raw)
            continue
        if template.family == "ofdma":
            raw["type"] = "OFDMA"
            raw["multiplex"] = "OFDMA"
            raw["profile_modulation"] = reading.profile[index]
        else:
            raw["multiplex"] = "ATDMA"
            raw["symbolRate"] = US_SYMBOL_RATE
        lanes["channelUs"][lane].append(raw)
    return lanes
