"""The channel plan a simulator serves: fixed, distinct values so a misread column shows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class DsChannel:
    """One downstream channel as the modem would measure it."""

    channel_id: int
    frequency_mhz: float
    power: float
    snr: float
    modulation: str
    corrected: int
    uncorrectable: int
    ofdm: bool = False
    locked: bool = True
    width_mhz: float = 8.0


@dataclass(frozen=True, slots=True)
class UsChannel:
    """One upstream channel as the modem would measure it."""

    channel_id: int
    frequency_mhz: float
    power: float
    modulation: str
    symbol_rate_ksym: int = 5120
    ofdma: bool = False
    locked: bool = True
    width_mhz: float = 6.4


@dataclass(frozen=True, slots=True)
class ChannelPlan:
    """Every channel of one simulated modem, plus its identity."""

    ds: tuple[DsChannel, ...]
    us: tuple[UsChannel, ...]
    model: str = "Simulated Modem"
    sw_version: str = "1.2.3"
    hw_version: str = "2.0"
    uptime_seconds: int = 123456
    max_downstream_kbps: int = 1_000_000
    max_upstream_kbps: int = 50_000
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def ds_qam(self) -> list[DsChannel]:
        """Return the locked SC-QAM downstream channels."""
        return [ch for ch in self.ds if not ch.ofdm and ch.locked]

    @property
    def ds_ofdm(self) -> list[DsChannel]:
        """Return the locked OFDM downstream channels."""
        return [ch for ch in self.ds if ch.ofdm and ch.locked]

    @property
    def us_qam(self) -> list[UsChannel]:
        """Return the locked SC-QAM (ATDMA) upstream channels."""
        return [ch for ch in self.us if not ch.ofdma and ch.locked]

    @property
    def us_ofdma(self) -> list[UsChannel]:
        """Return the locked OFDMA upstream channels."""
        return [ch for ch in self.us if ch.ofdma and ch.locked]

    @property
    def has_docsis31(self) -> bool:
        """Return whether the plan has OFDM or OFDMA channels."""
        return any(ch.ofdm for ch in self.ds) or any(ch.ofdma for ch in self.us)

    def without_docsis31(self) -> ChannelPlan:
        """Return the plan with only its DOCSIS 3.0 channels."""
        return replace(
            self,
            ds=tuple(ch for ch in self.ds if not ch.ofdm),
            us=tuple(ch for ch in self.us if not ch.ofdma),
        )


def _ds_qam_channels(locked: int, unlocked: int) -> list[DsChannel]:
    return [
        DsChannel(
            channel_id=index + 1,
            frequency_mhz=114.0 + 8 * index,
            power=round(-1.3 + 0.4 * index, 1),
            snr=round(36.1 + 0.2 * index, 1),
            modulation="256QAM" if index % 5 else "64QAM",
            corrected=1000 + 37 * index,
            uncorrectable=3 * index + 1,
            locked=index < locked,
        )
        for index in range(locked + unlocked)
    ]


def _ds_ofdm_channels(count: int) -> list[DsChannel]:
    return [
        DsChannel(
            channel_id=33 + index,
            frequency_mhz=751.0 + 96 * index,
            power=round(4.2 - 1.1 * index, 1),
            snr=round(40.3 - 0.7 * index, 1),
            modulation="4096QAM",
            corrected=250_000 + 11 * index,
            uncorrectable=17 + index,
            ofdm=True,
            width_mhz=94.0,
        )
        for index in range(count)
    ]


def _us_qam_channels(count: int) -> list[UsChannel]:
    return [
        UsChannel(
            channel_id=index + 1,
            frequency_mhz=round(30.8 + 6.4 * index, 1),
            power=round(42.3 + 0.9 * index, 1),
            modulation="64QAM",
        )
        for index in range(count)
    ]


def _us_ofdma_channels(count: int) -> list[UsChannel]:
    return [
        UsChannel(
            channel_id=41 + index,
            frequency_mhz=round(54.0 + 10 * index, 1),
            power=round(45.1 + 0.3 * index, 1),
            modulation="OFDMA",
            ofdma=True,
            width_mhz=10.0,
        )
        for index in range(count)
    ]


def default_plan(
    *,
    ds_qam: int = 16,
    ds_ofdm: int = 2,
    us_qam: int = 4,
    us_ofdma: int = 1,
    unlocked_ds: int = 1,
    model: str = "Simulated Modem",
) -> ChannelPlan:
    """Return a plan whose every value differs per channel and per column.

    Powers, SNRs and counters are chosen so that no two columns share a value: a driver that
    reads the wrong column or the wrong channel fails the value comparison.
    """
    ds = _ds_qam_channels(ds_qam, unlocked_ds) + _ds_ofdm_channels(ds_ofdm)
    us = _us_qam_channels(us_qam) + _us_ofdma_channels(us_ofdma)
    return ChannelPlan(ds=tuple(ds), us=tuple(us), model=model)
