"""Models of DOCSight events and of the messages of the add-on's push stream."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Self

from . import parse
from .line import CollectorStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A DOCSight event (GET /api/events item, pushed over the stream)."""

    id: int
    timestamp: str | None = None
    severity: str | None = None
    event_type: str | None = None
    message: str | None = None
    #: Free-form facts of the event; their keys depend on the event type.
    details: dict[str, Any] | None = None
    acknowledged: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one event; the id is required."""
        return cls(
            id=int(data["id"]),
            timestamp=parse.text(data.get("timestamp")),
            severity=parse.text(data.get("severity")),
            event_type=parse.text(data.get("event_type")),
            message=parse.text(data.get("message")),
            details=parse.json_object(data.get("details")),
            acknowledged=bool(data.get("acknowledged")),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the event in the add-on's shape (acknowledged as 0 or 1)."""
        return {
            "id": self.id,
            "timestamp": self.timestamp,
            "severity": self.severity,
            "event_type": self.event_type,
            "message": self.message,
            "details": self.details,
            "acknowledged": int(self.acknowledged),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class EventsPage:
    """A page of events (GET /api/events), newest first."""

    events: tuple[Event, ...] = ()
    unacknowledged_count: int | None = None
    total: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the page (`total` only comes with page/per_page)."""
        return cls(
            events=tuple(Event.from_json(item) for item in parse.items(data.get("events"))),
            unacknowledged_count=parse.integer(data.get("unacknowledged_count")),
            total=parse.integer(data.get("total")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamHello:
    """The stream's greeting: the add-on's version, the line's health and the last poll."""

    version: str | None = None
    health: str | None = None
    last_poll: datetime | None = None
    snapshot_id: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the greeting."""
        hello = parse.mapping(data)
        return cls(
            version=parse.text(hello.get("version")),
            health=parse.text(hello.get("health")),
            last_poll=parse.iso_time(hello.get("last_poll")),
            snapshot_id=parse.integer(hello.get("snapshot_id")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamSnapshot:
    """The add-on stored a new poll."""

    polled_at: datetime
    snapshot_id: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the notice; its time (`ts`, epoch seconds) is required."""
        snapshot = parse.mapping(data)
        return cls(
            polled_at=datetime.fromtimestamp(float(snapshot["ts"]), UTC),
            snapshot_id=parse.integer(snapshot.get("snapshot_id")),
        )


@dataclass(frozen=True, slots=True)
class StreamCollectors:
    """The collectors' status changed (after every run)."""

    collectors: tuple[CollectorStatus, ...]

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the status list."""
        return cls(tuple(CollectorStatus.from_json(item) for item in parse.items(data)))


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """A new DOCSight event."""

    event: Event

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the event."""
        return cls(Event.from_json(parse.mapping(data)))


@dataclass(frozen=True, slots=True)
class StreamEventsAcknowledged:
    """Events were acknowledged; which ones does not matter, the count is read again."""

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Accept any notice."""
        return cls()


type StreamMessage = (
    StreamHello | StreamSnapshot | StreamCollectors | StreamEvent | StreamEventsAcknowledged
)

#: How each kind of server-sent event is read; other kinds (from newer add-ons) are skipped.
STREAM_MESSAGES: Final[dict[str, Callable[[Any], StreamMessage]]] = {
    "hello": StreamHello.from_json,
    "snapshot": StreamSnapshot.from_json,
    "collectors": StreamCollectors.from_json,
    "event": StreamEvent.from_json,
    "events_acknowledged": StreamEventsAcknowledged.from_json,
}
