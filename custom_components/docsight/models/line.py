"""Models of the line and the modem: the add-on's identity, analysis, device and collectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import parse


@dataclass(frozen=True, slots=True)
class Instance(parse.JsonModel):
    """What identifies an add-on installation (GET /api/instance); id and versions are required."""

    instance_id: str
    version: str
    api_version: int
    demo_mode: bool
    modem_type: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary(parse.JsonModel):
    """The roll-up of one poll: health verdict, signal levels and error counters."""

    health: str | None = None
    health_issues: tuple[str, ...] = ()
    ds_total: int | None = None
    us_total: int | None = None
    ds_power_min: float | None = None
    ds_power_max: float | None = None
    ds_power_avg: float | None = None
    us_power_min: float | None = None
    us_power_max: float | None = None
    us_power_avg: float | None = None
    ds_snr_min: float | None = None
    ds_snr_max: float | None = None
    ds_snr_avg: float | None = None
    ds_correctable_errors: int | None = None
    ds_uncorrectable_errors: int | None = None
    ds_uncorr_pct: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel(parse.JsonModel):
    """One downstream or upstream channel of a poll."""

    channel_id: int | None = None
    selector: str | None = None
    selector_required: bool = False
    channel_family: str | None = None
    docsis_version: str | None = None
    frequency: str | None = None
    power: float | None = None
    snr: float | None = None
    modulation: str | None = None
    #: OFDMA channels report "OFDMA" as modulation and the QAM order here.
    profile_modulation: str | None = None
    correctable_errors: int | None = None
    uncorrectable_errors: int | None = None
    health: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis(parse.JsonModel):
    """A poll's analysis (GET /api/channels, POST /api/poll): summary and channels.

    Each part may be missing before the first poll.
    """

    summary: Summary
    ds_channels: tuple[Channel, ...] = ()
    us_channels: tuple[Channel, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModemInfo(parse.JsonModel):
    """What the modem says about itself (GET /api/device); drivers fill in a subset.

    The add-on answers {} before the first poll.
    """

    manufacturer: str | None = None
    model: str | None = None
    hw_version: str | None = None
    sw_version: str | None = None
    docsis_status: str | None = None
    uptime_seconds: int | None = None
    reboot_reason: str | None = None
    wan_ipv4: str | None = None
    wan_ipv6: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionInfo(parse.JsonModel):
    """The subscriber's line (GET /api/connection): ISP, type and provisioned speeds."""

    isp_name: str | None = None
    connection_type: str | None = None
    max_downstream_kbps: int | None = None
    max_upstream_kbps: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GamingScore(parse.JsonModel):
    """The gaming quality index (GET /api/gaming-score); no score or grade while it is off."""

    enabled: bool = False
    score: int | None = None
    grade: str | None = None
    has_speedtest: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectorStatus(parse.JsonModel):
    """How one of the add-on's collectors is doing (GET /api/collectors/status)."""

    name: str
    enabled: bool = True
    #: Whether this collector reads the modem; None from add-ons that do not say.
    primary: bool | None = None
    consecutive_failures: int | None = None
    poll_interval: int | None = None
    #: The last successful run, read from `last_poll` (whole epoch seconds).
    last_run: datetime | None = field(
        default=None, metadata=parse.renamed("last_poll", parse.epoch)
    )
    last_error: str | None = None
    #: While the last run failed: auth, timeout, unexpected_page... (add-ons that say).
    last_error_kind: str | None = None
    #: The modem page that could not be read, when that was the failure.
    last_error_page: str | None = None
    #: What the user can do about the failure.
    hint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DriverInfo(parse.JsonModel):
    """A modem driver the add-on supports (GET /api/drivers item)."""

    key: str
    name: str | None = None
    default_url: str | None = None
    username_required: bool = False
    credentials_required: bool = False
    models: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelHistoryPoint(parse.JsonModel):
    """One sample of a channel (GET /api/channel-history item)."""

    timestamp: str
    power: float | None = None
    snr: float | None = None
    correctable_errors: int | None = None
    uncorrectable_errors: int | None = None
    modulation: str | None = None
    health: str | None = None
