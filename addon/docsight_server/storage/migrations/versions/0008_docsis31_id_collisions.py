"""Channel history: FRITZ!Box, F3896LG, SB8200 (CBN), CM3500 DOCSIS 3.1 ids apart from SC-QAM ids.

These modems may number an OFDM or OFDMA channel like an SC-QAM channel of the same direction
(FRITZ!OS gives its OFDMA channel id 1 next to ATDMA channel 1). Their records used to keep such
an id as a duplicate; they now carry base + id (33 + for OFDM, 41 + for OFDMA, the next free id
above when that is taken), as every family does. This moves each stored OFDM/OFDMA series whose
channel_id an SC-QAM series of the same direction has to that id, so the channel's history goes
on under it: channel_id, identity and selector change; samples stay with their series.

"Taken" is read from the channels of the newest stored poll, as the driver looks at one poll.
The moves are kept in instance_meta, so the downgrade gives exactly those series their old ids.

Which modem the history belongs to is read from the stored modem type or, when the type comes
from add-on options, from the last device info as these drivers write it. Identity and selector
are computed here as the server computed them at this revision, so later changes to those
functions leave this alone.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from typing import Any, NamedTuple

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MODEM_TYPES = frozenset(("fritzbox", "f3896lg", "sb8200_cbn", "cm3500"))
#: (manufacturer, start of the model; "" for any) as these drivers write device info. Only the
#: SB8200 CBN driver spells "Arris" so; of the drivers writing "ARRIS" only the CM3500 is meant.
DEVICES = (("AVM", ""), ("Sagemcom", "F3896LG"), ("Arris", ""), ("ARRIS", "CM3500"))
#: (direction, DOCSIS 3.1 family, base of the ids it moves to).
LANES = ((0, "ofdm", 33), (1, "ofdma", 41))
UPSTREAM = 1
#: instance_meta key: {series id: the channel id it had before}, for the downgrade.
MOVED_KEY = "migration_0008_moved_series"

_NUMBER_WITH_UNIT = re.compile(
    r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d+\-.]*?)\s*"
)
_FREQUENCY_SCALE = {"mhz": 1.0, "hz": 1e-6, "khz": 1e-3, "ghz": 1e3}


# A NamedTuple, not a dataclass: Alembic loads this file outside sys.modules.
class _Series(NamedTuple):
    id: int
    direction: int
    channel_id: int
    frequency: str
    docsis_version: str
    channel_family: str
    multiplex: str | None


def _frequency_mhz(value: str) -> float | None:
    match = _NUMBER_WITH_UNIT.fullmatch(value)
    if match is None:
        return None
    number = float(match.group(1))
    if not math.isfinite(number):
        return None
    scale = _FREQUENCY_SCALE.get(match.group(2).lower())
    if scale is None:
        scale = 1e-6 if number >= 1e6 else 1.0
    mhz = round(number * scale, 6)
    return mhz if mhz >= 0 else None


def _selector(channel_id: int, frequency: str) -> str:
    mhz = _frequency_mhz(frequency)
    if mhz is not None:  # six significant digits, as selectors take them
        mhz = float(f"{round(mhz, 4):g}")
    where: Any = mhz if mhz is not None else frequency.strip()
    payload = json.dumps([channel_id, where], separators=(",", ":"))
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:18]
    return "c1_" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _identity(series: _Series, channel_id: int) -> str:
    multiplex = series.multiplex if series.direction == UPSTREAM else None
    fields = [
        series.direction,
        channel_id,
        series.frequency,
        series.docsis_version,
        series.channel_family,
        multiplex,
    ]
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False)


def _json_text(value: object) -> Any:
    try:
        return json.loads(str(value))
    except ValueError:
        return None


def _is_affected_device(info: object) -> bool:
    if not isinstance(info, dict):
        return False
    manufacturer = str(info.get("manufacturer") or "").strip()
    model = str(info.get("model") or "").strip()
    return any(manufacturer == maker and model.startswith(prefix) for maker, prefix in DEVICES)


def _holds_affected_modem(bind: sa.Connection) -> bool:
    stored = bind.execute(
        sa.text("SELECT value FROM config_entries WHERE key = 'modem_type'")
    ).scalar()
    if stored is not None and _json_text(stored) in MODEM_TYPES:
        return True
    for (info,) in bind.execute(sa.text("SELECT device_info FROM device_state")):
        if info and _is_affected_device(_json_text(info)):
            return True
    return False


def _all_series(bind: sa.Connection) -> list[_Series]:
    rows = bind.execute(
        sa.text(
            "SELECT id, direction, channel_id, frequency, docsis_version, channel_family, "
            "multiplex FROM channel_series"
        )
    )
    return [_Series(*row) for row in rows]


def _move(bind: sa.Connection, item: _Series, channel_id: int) -> None:
    bind.execute(
        sa.text(
            "UPDATE channel_series SET channel_id = :channel_id, identity = :identity, "
            "selector = :selector WHERE id = :id"
        ),
        {
            "channel_id": channel_id,
            "identity": _identity(item, channel_id),
            "selector": _selector(channel_id, item.frequency),
            "id": item.id,
        },
    )


def _new_ids(lane: list[_Series], family: str, base: int) -> dict[int, int]:
    """Return {shared id: base + id, or the next free id above} for one direction."""
    scqam = {item.channel_id for item in lane if item.channel_family != family}
    shared = {item.channel_id for item in lane if item.channel_family == family} & scqam
    used = {item.channel_id for item in lane}
    new_ids: dict[int, int] = {}
    for channel_id in sorted(shared):
        new_id = base + channel_id
        while new_id in used:
            new_id += 1
        used.add(new_id)
        new_ids[channel_id] = new_id
    return new_ids


def _latest_lineup(bind: sa.Connection) -> set[int] | None:
    """Return the ids of the series the newest poll read (None when nothing is stored)."""
    rows = bind.execute(
        sa.text(
            "SELECT DISTINCT series_id FROM channel_samples "
            "WHERE ts = (SELECT max(ts) FROM channel_samples)"
        )
    )
    found = {int(row[0]) for row in rows}
    return found or None


def _moves(series: list[_Series], lineup: set[int] | None) -> dict[int, int]:
    """Return {series id: new channel id} for the DOCSIS 3.1 series that share an SC-QAM id.

    The new ids are chosen as the driver chooses them, among the channels of one poll: the
    newest poll's (`lineup`), so an id only older polls had does not count as taken.
    """
    identities = {_identity(item, item.channel_id) for item in series}
    moves: dict[int, int] = {}
    for direction, family, base in LANES:
        lane = [item for item in series if item.direction == direction]
        polled = [item for item in lane if lineup is None or item.id in lineup]
        new_ids = _new_ids(polled, family, base)
        for item in lane:
            new_id = new_ids.get(item.channel_id)
            if item.channel_family != family or new_id is None:
                continue
            identity = _identity(item, new_id)
            if identity in identities:
                continue  # already stored under the new id: the old series stays as it is
            identities.discard(_identity(item, item.channel_id))
            identities.add(identity)
            moves[item.id] = new_id
    return moves


def upgrade() -> None:
    """Give such a modem's OFDM/OFDMA series that share an SC-QAM id base + id."""
    bind = op.get_bind()
    if not _holds_affected_modem(bind):
        return
    series = _all_series(bind)
    by_id = {item.id: item for item in series}
    moves = _moves(series, _latest_lineup(bind))
    if not moves:
        return
    for series_id, channel_id in moves.items():
        _move(bind, by_id[series_id], channel_id)
    old_ids = {str(series_id): by_id[series_id].channel_id for series_id in moves}
    # a key left by a database stamped back by hand is replaced, not collided with
    bind.execute(sa.text("DELETE FROM instance_meta WHERE key = :key"), {"key": MOVED_KEY})
    bind.execute(
        sa.text("INSERT INTO instance_meta (key, value) VALUES (:key, :value)"),
        {"key": MOVED_KEY, "value": json.dumps(old_ids, separators=(",", ":"))},
    )


def downgrade() -> None:
    """Give the series the upgrade moved their old ids again."""
    bind = op.get_bind()
    stored = bind.execute(
        sa.text("SELECT value FROM instance_meta WHERE key = :key"), {"key": MOVED_KEY}
    ).scalar()
    old_ids = _json_text(stored) if stored is not None else None
    if isinstance(old_ids, dict):
        by_id = {item.id: item for item in _all_series(bind)}
        identities = {_identity(item, item.channel_id) for item in by_id.values()}
        for key, channel_id in old_ids.items():
            item = by_id.get(int(key))
            if item is not None and _identity(item, channel_id) not in identities:
                _move(bind, item, int(channel_id))
    bind.execute(sa.text("DELETE FROM instance_meta WHERE key = :key"), {"key": MOVED_KEY})
