"""Models of the line and the modem: the add-on's identity, analysis, device and collectors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self

from . import parse


@dataclass(frozen=True, slots=True)
class Instance:
    """What identifies an add-on installation (GET /api/instance)."""

    instance_id: str
    version: str
    api_version: int
    demo_mode: bool
    modem_type: str | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the answer; id, version and API version are required."""
        return cls(
            instance_id=str(data["instance_id"]),
            version=str(data["version"]),
            api_version=int(data["api_version"]),
            demo_mode=bool(data.get("demo_mode")),
            modem_type=parse.text(data.get("modem_type")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the `summary` object of an analysis."""
        return cls(
            health=parse.text(data.get("health")),
            health_issues=parse.texts(data.get("health_issues")),
            ds_total=parse.integer(data.get("ds_total")),
            us_total=parse.integer(data.get("us_total")),
            ds_power_min=parse.number(data.get("ds_power_min")),
            ds_power_max=parse.number(data.get("ds_power_max")),
            ds_power_avg=parse.number(data.get("ds_power_avg")),
            us_power_min=parse.number(data.get("us_power_min")),
            us_power_max=parse.number(data.get("us_power_max")),
            us_power_avg=parse.number(data.get("us_power_avg")),
            ds_snr_min=parse.number(data.get("ds_snr_min")),
            ds_snr_max=parse.number(data.get("ds_snr_max")),
            ds_snr_avg=parse.number(data.get("ds_snr_avg")),
            ds_correctable_errors=parse.integer(data.get("ds_correctable_errors")),
            ds_uncorrectable_errors=parse.integer(data.get("ds_uncorrectable_errors")),
            ds_uncorr_pct=parse.number(data.get("ds_uncorr_pct")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one item of `ds_channels` or `us_channels`."""
        return cls(
            channel_id=parse.integer(data.get("channel_id")),
            selector=parse.text(data.get("selector")),
            selector_required=bool(data.get("selector_required")),
            channel_family=parse.text(data.get("channel_family")),
            docsis_version=parse.text(data.get("docsis_version")),
            frequency=parse.text(data.get("frequency")),
            power=parse.number(data.get("power")),
            snr=parse.number(data.get("snr")),
            modulation=parse.text(data.get("modulation")),
            profile_modulation=parse.text(data.get("profile_modulation")),
            correctable_errors=parse.integer(data.get("correctable_errors")),
            uncorrectable_errors=parse.integer(data.get("uncorrectable_errors")),
            health=parse.text(data.get("health")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """A poll's analysis (GET /api/channels, POST /api/poll): summary and channels."""

    summary: Summary
    ds_channels: tuple[Channel, ...] = ()
    us_channels: tuple[Channel, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse an analysis; each part may be missing before the first poll."""
        return cls(
            summary=Summary.from_json(parse.mapping(data.get("summary") or {})),
            ds_channels=tuple(
                Channel.from_json(item) for item in parse.items(data.get("ds_channels"))
            ),
            us_channels=tuple(
                Channel.from_json(item) for item in parse.items(data.get("us_channels"))
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ModemInfo:
    """What the modem says about itself (GET /api/device); drivers fill in a subset."""

    manufacturer: str | None = None
    model: str | None = None
    hw_version: str | None = None
    sw_version: str | None = None
    docsis_status: str | None = None
    uptime_seconds: int | None = None
    reboot_reason: str | None = None
    wan_ipv4: str | None = None
    wan_ipv6: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the device info ({} before the first poll)."""
        return cls(
            manufacturer=parse.text(data.get("manufacturer")),
            model=parse.text(data.get("model")),
            hw_version=parse.text(data.get("hw_version")),
            sw_version=parse.text(data.get("sw_version")),
            docsis_status=parse.text(data.get("docsis_status")),
            uptime_seconds=parse.integer(data.get("uptime_seconds")),
            reboot_reason=parse.text(data.get("reboot_reason")),
            wan_ipv4=parse.text(data.get("wan_ipv4")),
            wan_ipv6=parse.text(data.get("wan_ipv6")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionInfo:
    """The subscriber's line (GET /api/connection): ISP, type and provisioned speeds."""

    isp_name: str | None = None
    connection_type: str | None = None
    max_downstream_kbps: int | None = None
    max_upstream_kbps: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the connection info."""
        return cls(
            isp_name=parse.text(data.get("isp_name")),
            connection_type=parse.text(data.get("connection_type")),
            max_downstream_kbps=parse.integer(data.get("max_downstream_kbps")),
            max_upstream_kbps=parse.integer(data.get("max_upstream_kbps")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class GamingScore:
    """The gaming quality index (GET /api/gaming-score)."""

    enabled: bool = False
    score: int | None = None
    grade: str | None = None
    has_speedtest: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the gaming score (no score or grade while it is off)."""
        return cls(
            enabled=bool(data.get("enabled")),
            score=parse.integer(data.get("score")),
            grade=parse.text(data.get("grade")),
            has_speedtest=bool(data.get("has_speedtest")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectorStatus:
    """How one of the add-on's collectors is doing (GET /api/collectors/status)."""

    name: str
    enabled: bool = True
    #: Whether this collector reads the modem; None from add-ons that do not say.
    primary: bool | None = None
    consecutive_failures: int | None = None
    poll_interval: int | None = None
    last_run: datetime | None = None
    last_error: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one status; `last_poll` is the last successful run in epoch seconds."""
        return cls(
            name=str(data["name"]),
            enabled=data.get("enabled") is not False,
            primary=parse.flag(data.get("primary")),
            consecutive_failures=parse.integer(data.get("consecutive_failures")),
            poll_interval=parse.integer(data.get("poll_interval")),
            last_run=parse.epoch(data.get("last_poll")),
            last_error=parse.text(data.get("last_error")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DriverInfo:
    """A modem driver the add-on supports (GET /api/drivers item)."""

    key: str
    name: str | None = None
    default_url: str | None = None
    username_required: bool = False
    credentials_required: bool = False
    models: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one driver; the key is required."""
        return cls(
            key=str(data["key"]),
            name=parse.text(data.get("name")),
            default_url=parse.text(data.get("default_url")),
            username_required=bool(data.get("username_required")),
            credentials_required=bool(data.get("credentials_required")),
            models=parse.text(data.get("models")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelHistoryPoint:
    """One sample of a channel (GET /api/channel-history item)."""

    timestamp: str
    power: float | None = None
    snr: float | None = None
    correctable_errors: int | None = None
    uncorrectable_errors: int | None = None
    modulation: str | None = None
    health: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one point; the timestamp is required."""
        return cls(
            timestamp=str(data["timestamp"]),
            power=parse.number(data.get("power")),
            snr=parse.number(data.get("snr")),
            correctable_errors=parse.integer(data.get("correctable_errors")),
            uncorrectable_errors=parse.integer(data.get("uncorrectable_errors")),
            modulation=parse.text(data.get("modulation")),
            health=parse.text(data.get("health")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Two periods compared (GET /api/comparison, not served yet).

    The periods' contents are defined by the add-on's evidence workflow; until it ships they
    are kept as the JSON objects the add-on sends.
    """

    period_a: dict[str, Any] = field(default_factory=dict)
    period_b: dict[str, Any] = field(default_factory=dict)
    delta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the comparison."""
        return cls(
            period_a=dict(parse.mapping(data.get("period_a") or {})),
            period_b=dict(parse.mapping(data.get("period_b") or {})),
            delta=dict(parse.mapping(data.get("delta") or {})),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry:
    """A journal entry the add-on created (POST /api/journal, not served yet)."""

    id: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the created entry."""
        return cls(id=parse.integer(data.get("id")))
