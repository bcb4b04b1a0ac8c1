"""Models of DOCSight events and of the messages of the add-on's push stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Final, Self

from . import parse
from .line import CollectorStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(parse.JsonModel):
    """A DOCSight event (GET /api/events item, pushed over the stream)."""

    id: int
    timestamp: str | None = None
    severity: str | None = None
    event_type: str | None = None
    message: str | None = None
    #: Free-form facts of the event; their keys depend on the event type.
    details: dict[str, Any] | None = None
    acknowledged: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the event in the add-on's shape (acknowledged as 0 or 1)."""
        return {**asdict(self), "acknowledged": int(self.acknowledged)}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventsPage(parse.JsonModel):
    """A page of events (GET /api/events), newest first."""

    events: tuple[Event, ...] = ()
    unacknowledged_count: int | None = None
    #: Only sent with page/per_page.
    total: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamHello(parse.JsonModel):
    """The stream's greeting: the add-on's version, the line's health and the last poll."""

    version: str | None = None
    health: str | None = None
    last_poll: datetime | None = None
    snapshot_id: int | None = None


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
        return cls(Event.from_json(data))


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
