"""When the demo line is bad: short evening episodes, a pure function of time.

A healthy cable line is quiet most of the time. Ingress noise (a neighbour's faulty device, a
loose connector in the street) comes as episodes of a few hours. The demo has one per block of
EPISODE_BLOCK_DAYS days, on a day and at an evening hour that vary from block to block. Every
SEVERE_EVERY-th episode is severe (critical SNR, lower modulations, a burst of uncorrectable
errors); the others are mild (some channels' SNR in the warning band for an hour or two).
An episode starts at once and fades over the last part, as the noise source goes away.
"""

from __future__ import annotations

from dataclasses import dataclass

DAY = 86400
EPISODE_BLOCK_DAYS = 18
SEVERE_EVERY = 3
EVENING_START_S = 17 * 3600
QUARTER = 900
#: Share of an episode's errors in its first moments (the rest come evenly until it ends).
ERROR_BURST = 0.6
#: Error weight of an episode: a severe one counts 1, a mild one only a few errors.
SEVERE_WEIGHT = 1.0
MILD_WEIGHT = 0.1
_MASK = 0xFFFFFFFF


def noise(ts: int, index: int) -> float:
    """Return repeatable noise in [-0.5, 0.5) for a moment (or any number) and a channel."""
    value = (ts * 0x9E3779B1 + index * 0x85EBCA77) & _MASK
    value = ((value ^ (value >> 15)) * 0x2C1B3C6D) & _MASK
    value ^= value >> 12
    return value / 4294967296.0 - 0.5


@dataclass(frozen=True, slots=True)
class Episode:
    """One bad spell: when it starts, how long it stays at full strength and fades."""

    start: int
    plateau: int
    fade: int
    severe: bool

    @property
    def end(self) -> int:
        """Return the first moment after the episode."""
        return self.start + self.plateau + self.fade

    @property
    def weight(self) -> float:
        """Return how many errors the episode adds, relative to a severe one."""
        return SEVERE_WEIGHT if self.severe else MILD_WEIGHT

    def strength(self, ts: int) -> float:
        """Return 1 at full strength, falling to 0 over the fade; 0 outside the episode."""
        if not self.start <= ts < self.end:
            return 0.0
        into_fade = ts - self.start - self.plateau
        return 1.0 if into_fade <= 0 else 1.0 - into_fade / self.fade

    def errors_done(self, ts: int) -> float:
        """Return the share (0..1) of the episode's errors counted by a moment."""
        if ts < self.start:
            return 0.0
        elapsed = min(1.0, (ts - self.start) / (self.end - self.start))
        return ERROR_BURST + (1 - ERROR_BURST) * elapsed


def _unit(block: int, salt: int) -> float:
    """Return a repeatable number in [0, 1) for a block."""
    return noise(block, salt) + 0.5


def block_episode(block: int) -> Episode:
    """Return the episode of a block of EPISODE_BLOCK_DAYS days (counted from the epoch)."""
    day = block * EPISODE_BLOCK_DAYS + int(_unit(block, 1) * EPISODE_BLOCK_DAYS)
    start = day * DAY + EVENING_START_S + int(_unit(block, 2) * 16) * QUARTER
    severe = block % SEVERE_EVERY == 0
    plateau = (7200 if severe else 3600) + int(_unit(block, 3) * 4) * QUARTER
    return Episode(start, plateau, 3600 if severe else 2700, severe)


def _block_of(ts: int) -> int:
    return ts // DAY // EPISODE_BLOCK_DAYS


def episode_at(ts: int) -> Episode | None:
    """Return the episode under way at a moment, or None."""
    block = _block_of(ts)
    for candidate in (block, block - 1):  # an episode late in a block may run past its end
        episode = block_episode(candidate)
        if episode.start <= ts < episode.end:
            return episode
    return None


def badness(ts: int) -> float:
    """Return 0 on a normal moment, up to 1 at the height of an episode."""
    episode = episode_at(ts)
    return 0.0 if episode is None else episode.strength(ts)


def _weight_before(block: int) -> float:
    """Return the summed weight of the episodes of blocks 0 .. block - 1."""
    cycles, rest = divmod(block, SEVERE_EVERY)
    total = cycles * (SEVERE_WEIGHT + (SEVERE_EVERY - 1) * MILD_WEIGHT)
    return total + (SEVERE_WEIGHT if rest else 0.0) + max(0, rest - 1) * MILD_WEIGHT


def _errors_by(ts: int) -> float:
    block = _block_of(ts)
    total = _weight_before(block - 1)
    for candidate in (block - 1, block):
        episode = block_episode(candidate)
        total += episode.weight * episode.errors_done(ts)
    return total


def episode_errors(origin: int, ts: int) -> float:
    """Return the weighted episodes (fractions for one under way) between two moments."""
    return max(0.0, _errors_by(ts) - _errors_by(origin))
