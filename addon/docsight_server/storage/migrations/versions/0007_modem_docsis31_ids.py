"""Channel history: Hitron and Sercom OFDM/OFDMA series take the modem's own channel ids.

The CODA-56, CODA-4680 and DM1000 number OFDM receivers and OFDMA channels from 0. Their
records used to carry 33 + receiver (OFDM) and 41 + channel (OFDMA); they now keep the modem's
number unless an SC-QAM channel of the same direction has it (then 33 + / 41 + as before).
This rewrites the stored series of such a modem the same way, so a channel's history goes on
under its new id: channel_id, identity and selector of each moved series change; samples stay.

Which modem the history belongs to is read from the stored modem type or, when the type comes
from add-on options, from the last device info. Identity and selector are computed here as the
server computed them at this revision, so later changes to those functions leave this alone.

Revision ID: 0007
Revises: 0006
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

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MODEM_TYPES = frozenset(("hitron", "hitron_coda_4680", "sercom_dm1000"))
#: (start of the manufacturer, start of the model), lower case, as these drivers write device
#: info; the model keeps out the Ultra Hub 7, whose maker "Sercomm" starts the same way.
DEVICES = (("hitron", ""), ("sercom", "dm"))
#: (direction, family, base): the old ids were base + modem number.
LANES = ((0, "ofdm", 33), (1, "ofdma", 41))
#: Modem numbers 0..7: the old ids 33..40 and 41..48.
NUMBERS = 8
UPSTREAM = 1

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


def _is_affected_device(info: dict[str, Any]) -> bool:
    manufacturer = str(info.get("manufacturer") or "").lower()
    model = str(info.get("model") or "").lower()
    return any(
        manufacturer.startswith(maker) and model.startswith(prefix) for maker, prefix in DEVICES
    )


def _holds_affected_modem(bind: sa.Connection) -> bool:
    stored = bind.execute(
        sa.text("SELECT value FROM config_entries WHERE key = 'modem_type'")
    ).scalar()
    if stored is not None and _json_text(stored) in MODEM_TYPES:
        return True
    for (info,) in bind.execute(sa.text("SELECT device_info FROM device_state")):
        parsed = _json_text(info) if info else None
        if isinstance(parsed, dict) and _is_affected_device(parsed):
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


def _renumber(bind: sa.Connection, *, to_modem_ids: bool) -> None:
    if not _holds_affected_modem(bind):
        return
    series = _all_series(bind)
    identities = {_identity(item, item.channel_id) for item in series}
    for direction, family, base in LANES:
        scqam_ids = {
            item.channel_id
            for item in series
            if item.direction == direction and item.channel_family != family
        }
        for item in series:
            if item.direction != direction or item.channel_family != family:
                continue
            number = item.channel_id - base if to_modem_ids else item.channel_id
            if not 0 <= number < NUMBERS or (to_modem_ids and number in scqam_ids):
                continue  # not a modem number, or one that clashes: the id stays base + number
            new_id = number if to_modem_ids else base + number
            identity = _identity(item, new_id)
            if identity in identities:
                continue
            bind.execute(
                sa.text(
                    "UPDATE channel_series SET channel_id = :channel_id, identity = :identity, "
                    "selector = :selector WHERE id = :id"
                ),
                {
                    "channel_id": new_id,
                    "identity": identity,
                    "selector": _selector(new_id, item.frequency),
                    "id": item.id,
                },
            )
            identities.discard(_identity(item, item.channel_id))
            identities.add(identity)


def upgrade() -> None:
    """Give the OFDM/OFDMA series of a Hitron or Sercom modem the modem's own ids."""
    _renumber(op.get_bind(), to_modem_ids=True)


def downgrade() -> None:
    """Give those series 33 + receiver and 41 + channel again."""
    _renumber(op.get_bind(), to_modem_ids=False)
