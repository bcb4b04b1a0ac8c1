"""A simulated DOCSIS 3.0 + 3.1 line; every value is a pure function of time.

Being stateless lets the history be generated in parallel chunks and lets live polls continue
the same counters after a restart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DAY = 86400
STEP = 900
#: Every tenth day the line has a bad evening (a neighbour's faulty amplifier, say).
BAD_DAY_PERIOD = 10
BAD_START_HOUR = 19
BAD_HOURS = 4
OFDMA_PROFILES = ("256QAM", "128QAM", "256QAM", "512QAM", "1024QAM", "512QAM", "256QAM", "128QAM")
#: Counter growth of one bad evening, relative to a channel's normal rate per step.
BAD_EVENING_CORRECTED = 600
BAD_EVENING_UNCORRECTED = 750
_MASK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class ChannelTemplate:
    """A channel's fixed identity and its resting values."""

    direction: str
    channel_id: int
    frequency: str
    docsis_version: str
    family: str
    modulation: str
    power: float
    snr: float | None = None
    corr_rate: int = 0


def default_templates() -> tuple[ChannelTemplate, ...]:
    """Return 24 DS SC-QAM, 2 DS OFDM, 4 US SC-QAM and 1 US OFDMA channels."""
    channels = [
        ChannelTemplate(
            "ds",
            index + 1,
            f"{602 + 8 * index:.3f}",
            "3.0",
            "sc_qam",
            "256QAM",
            power=round(5.6 - 0.07 * index, 2),
            snr=round(38.6 - 0.04 * index, 2),
            corr_rate=40 + 9 * (index % 5),
        )
        for index in range(24)
    ]
    channels += [
        ChannelTemplate("ds", 33, "135.000 - 325.000", "3.1", "ofdm", "4096QAM", 2.1, 41.5, 900),
        ChannelTemplate("ds", 34, "838.000 - 1002.000", "3.1", "ofdm", "4096QAM", 0.8, 40.4, 1400),
    ]
    channels += [
        ChannelTemplate(
            "us",
            index + 1,
            f"{30.8 + 6.4 * index:.3f}",
            "3.0",
            "sc_qam",
            "64QAM",
            44.0 + 0.6 * index,
        )
        for index in range(4)
    ]
    channels.append(ChannelTemplate("us", 5, "29.800 - 64.750", "3.1", "ofdma", "OFDMA", 45.2))
    return tuple(channels)


def noise(ts: int, index: int) -> float:
    """Return repeatable noise in [-0.5, 0.5) for a moment and a channel."""
    value = (ts * 0x9E3779B1 + index * 0x85EBCA77) & _MASK
    value = ((value ^ (value >> 15)) * 0x2C1B3C6D) & _MASK
    value ^= value >> 12
    return value / 4294967296.0 - 0.5


def badness(ts: int) -> float:
    """Return 0 on a normal hour and up to 1 in the middle of a bad evening."""
    if (ts // DAY) % BAD_DAY_PERIOD:
        return 0.0
    hours = (ts % DAY) / 3600 - BAD_START_HOUR
    if not 0 <= hours < BAD_HOURS:
        return 0.0
    return math.sin(math.pi * hours / BAD_HOURS)


def bad_evenings_done(origin: int, ts: int) -> float:
    """Return how many bad evenings (fractions for the one under way) lie between two moments."""

    def progress(moment: int) -> float:
        day = moment // DAY
        whole: float = day // BAD_DAY_PERIOD + 1  # bad days 0, 10, 20, ... up to `day`
        if day % BAD_DAY_PERIOD == 0:
            hours = (moment % DAY) / 3600 - BAD_START_HOUR
            done = min(1.0, max(0.0, hours / BAD_HOURS))
            # errors pile up fastest in the middle of the evening, like the signal dip
            whole -= 1 - (1 - math.cos(math.pi * done)) / 2
        return whole

    return max(0.0, progress(ts) - progress(origin))


TEMPLATES = default_templates()


@dataclass(slots=True)
class LineReading:
    """One moment of the line: values per channel, in template order."""

    ts: int
    power: list[float]
    snr: list[float | None]
    modulation: list[str]
    profile: list[str | None]
    corrected: list[int | None]
    uncorrected: list[int | None]


@dataclass(slots=True)
class DemoLine:
    """The line's channels; counters count from `counters_since` (the last reboot)."""

    counters_since: int
    templates: tuple[ChannelTemplate, ...] = TEMPLATES

    def read(self, ts: int) -> LineReading:
        """Return the line at a moment."""
        day_phase = math.sin(2 * math.pi * ((ts % DAY) / DAY - 0.25))
        season = math.cos(2 * math.pi * ((ts / DAY) % 365.25 - 200) / 365.25)
        bad = badness(ts)
        # warm afternoons and summers attenuate the cable a little
        drift = -0.35 * day_phase - 0.8 * season
        steps = max(0, ts - self.counters_since) / STEP
        evenings = bad_evenings_done(self.counters_since, ts) if ts > self.counters_since else 0
        profile = OFDMA_PROFILES[(ts // STEP) % len(OFDMA_PROFILES)] if bad < 0.5 else "64QAM"
        reading = LineReading(ts, [], [], [], [], [], [])
        for index, template in enumerate(self.templates):
            jitter = noise(ts, index)
            if template.direction == "ds":
                weak = index % 3 == 0
                reading.power.append(
                    round(template.power + drift + 0.6 * jitter - 5.5 * bad * weak, 1)
                )
                snr_drop = 9.0 * bad * (index % 2 == 0)
                reading.snr.append(round((template.snr or 0) + 0.4 * drift + jitter - snr_drop, 1))
                ofdm_down = template.family == "ofdm" and bad > 0.5
                reading.modulation.append("1024QAM" if ofdm_down else template.modulation)
                reading.profile.append(None)
                rate = template.corr_rate
                reading.corrected.append(
                    int(rate * (steps * 1.5 + BAD_EVENING_CORRECTED * evenings))
                )
                reading.uncorrected.append(
                    int(steps / 48 + (index % 4 + 1) * BAD_EVENING_UNCORRECTED * evenings / 4)
                )
                continue
            power = template.power - 0.5 * drift + 0.6 * jitter + 6.5 * bad
            modulation = template.modulation
            channel_profile = None
            if template.family == "ofdma":
                channel_profile = profile
            elif bad > 0.8 and template.channel_id == 1:
                modulation = "16QAM"
            reading.power.append(round(power, 1))
            reading.snr.append(None)
            reading.modulation.append(modulation)
            reading.profile.append(channel_profile)
            reading.corrected.append(None)
            reading.uncorrected.append(None)
        return reading
