"""A simulated DOCSIS 3.0 + 3.1 line; every value is a pure function of time.

Being stateless lets the history be generated in parallel chunks and lets live polls continue
the same counters after a restart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .episodes import Episode, episode_at, episode_errors, noise

DAY = 86400
STEP = 900
OFDMA_PROFILES = ("256QAM", "128QAM", "256QAM", "512QAM", "1024QAM", "512QAM", "256QAM", "128QAM")
#: Counter growth of one severe episode, relative to a channel's normal rate per step.
EPISODE_CORRECTED = 2000
EPISODE_UNCORRECTED = 750
#: (floor, rise) of SNR on the channels an episode hits: the floor is in the warning band
#: (mild) or below the critical limit (severe) of 256QAM; over the fade it rises by `rise`
#: through the better bands, one step per reading, back to normal.
MILD_SNR = (30.2, 5.4)
SEVERE_SNR = (27.6, 8.0)


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
        moment = _Moment.at(ts, self.counters_since)
        reading = LineReading(ts, [], [], [], [], [], [])
        for index, template in enumerate(self.templates):
            if template.direction == "ds":
                _read_downstream(reading, moment, index, template)
            else:
                _read_upstream(reading, moment, index, template)
        return reading


@dataclass(frozen=True, slots=True)
class _Moment:
    """What every channel of one reading shares."""

    ts: int
    drift: float
    bad: float
    severe: bool
    steps: float
    episodes: float

    @classmethod
    def at(cls, ts: int, counters_since: int) -> _Moment:
        day_phase = math.sin(2 * math.pi * ((ts % DAY) / DAY - 0.25))
        season = math.cos(2 * math.pi * ((ts / DAY) % 365.25 - 200) / 365.25)
        episode: Episode | None = episode_at(ts)
        return cls(
            ts,
            # warm afternoons and summers attenuate the cable a little
            drift=-0.35 * day_phase - 0.8 * season,
            bad=0.0 if episode is None else episode.strength(ts),
            severe=episode is not None and episode.severe,
            steps=max(0, ts - counters_since) / STEP,
            episodes=episode_errors(counters_since, ts) if ts > counters_since else 0.0,
        )


def _read_downstream(
    reading: LineReading, moment: _Moment, index: int, template: ChannelTemplate
) -> None:
    jitter = noise(moment.ts, index)
    bad, severe = moment.bad, moment.severe
    weak = index % 3 == 0
    power = template.power + moment.drift + 0.6 * jitter - (4.0 if severe else 1.5) * bad * weak
    reading.power.append(round(power, 1))
    snr = (template.snr or 0) + 0.4 * moment.drift + jitter
    # the noise hits every other channel of a severe episode, every fourth of a mild one
    if bad and index % (2 if severe else 4) == 0:
        floor, rise = SEVERE_SNR if severe else MILD_SNR
        snr = min(snr, floor + 0.3 * jitter + (1 - bad) * rise)
    reading.snr.append(round(snr, 1))
    ofdm_down = template.family == "ofdm" and severe and bad > 0.5
    reading.modulation.append("1024QAM" if ofdm_down else template.modulation)
    reading.profile.append(None)
    rate = template.corr_rate
    reading.corrected.append(int(rate * (moment.steps * 1.5 + EPISODE_CORRECTED * moment.episodes)))
    reading.uncorrected.append(
        int(moment.steps / 48 + (index % 4 + 1) * EPISODE_UNCORRECTED * moment.episodes / 4)
    )


def _read_upstream(
    reading: LineReading, moment: _Moment, index: int, template: ChannelTemplate
) -> None:
    bad, severe = moment.bad, moment.severe
    rise = (1.8 if severe else 0.8) * bad  # the modem shouts over the noise
    power = template.power - 0.5 * moment.drift + 0.6 * noise(moment.ts, index) + rise
    modulation = template.modulation
    profile = None
    if template.family == "ofdma":
        cycle = OFDMA_PROFILES[(moment.ts // STEP) % len(OFDMA_PROFILES)]
        profile = "64QAM" if severe and bad > 0.5 else cycle
    elif severe and bad > 0.8 and template.channel_id == 1:
        modulation = "16QAM"
    reading.power.append(round(power, 1))
    reading.snr.append(None)
    reading.modulation.append(modulation)
    reading.profile.append(profile)
    reading.corrected.append(None)
    reading.uncorrected.append(None)
