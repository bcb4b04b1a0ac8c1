"""AVM FRITZ!Box Cable simulator: login_sid.lua challenge-response and data.lua JSON pages.

Login (`/login_sid.lua`, SessionInfo XML with SID, Challenge, BlockTime, Rights, Users):
- variant `pbkdf2` (FRITZ!OS 7.24 and later): challenge `2$iter1$salt1$iter2$salt2`; the box
  keeps hash1 = PBKDF2-HMAC-SHA256(password, salt1, iter1) and checks the response
  `salt2$hex(PBKDF2-HMAC-SHA256(hash1, salt2, iter2))`. salt1/iter1 are fixed per box, salt2 is
  new for every challenge. A dead SID makes data.lua answer 403.
- variant `md5` (older FRITZ!OS): 8 hex digit challenge, response
  `challenge-md5hex(UTF-16LE("challenge-password"))`. A dead SID makes data.lua redirect to the
  login page at `/`.
Every challenge is good for one answer. A refused answer returns SID 0000000000000000; once
`lockout_after` failures are reached, BlockTime is non-zero and every answer is refused.

Data (`POST /data.lua`, form xhr, sid, lang, page, xhrId, no_sidrenew) answers
`{"pid": page, "sid": sid, "data": {...}}`:
- `docInfo`: `channelDs`/`channelUs` with `docsis30` and `docsis31` lists. Frequencies are MHz
  texts ("114.000"; OFDM/OFDMA as "751.000 - 845.000"), DS 3.0 SNR as negative `mse`, OFDM SNR
  as `mer`, OFDMA power rendered 6 dB below the plan (the firmware's known offset). Tuners
  without a lock are listed with "-" in every measurement.
- `overview`: `fritzos.{Productname, nspver, Uptime}`; `netMoni`: `connections[0]` line rates.

docInfo page variants (both log in with PBKDF2):
- `blank-power`: some locked channels have an empty `powerLevel` (see BLANK_POWER_IDS), one
  ATDMA row an empty `modulation`, and the OFDMA channel is numbered 1 like the first ATDMA one.
- `type-keys` (older FRITZ!OS pages): the modulation is in `type`, frequencies are short MHz
  texts ("114", "30.8", "751-845"), upstream powers plain JSON numbers, OFDMA numbered 1.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

NO_SID = "0000000000000000"
PBKDF2_ITER1 = 10_000
PBKDF2_ITER2 = 2_000
LOCKOUT_SECONDS = 30
BLANK_POWER, TYPE_KEYS = "blank-power", "type-keys"
_PRODUCTS = {
    "pbkdf2": ("FRITZ!Box 6660 Cable", "7.57"),
    "md5": ("FRITZ!Box 6591 Cable", "7.12"),
    BLANK_POWER: ("FRITZ!Box 6690 Cable", "7.61"),
    TYPE_KEYS: ("FRITZ!Box 6591 Cable", "7.29"),
}
#: blank-power: the channels listed with an empty powerLevel, and the ATDMA row without modulation.
BLANK_POWER_IDS = (2, 9, 34)
BLANK_MODULATION_US_ID = 2
#: The id FRITZ!OS gives its OFDMA channel in both page variants (the ATDMA ids start at 1 too).
OFDMA_PAGE_ID = 1
#: Where the rule for DOCSIS 3.1 ids puts an OFDMA channel whose id an ATDMA one has.
OFDMA_ID_BASE = 41
LOGIN_PAGE = (
    '<!DOCTYPE html><html><head><title>FRITZ!Box</title></head><body><form id="uiMainForm" '
    'method="post" action="/"><input type="password" id="uiPass" name="uiPass">'
    '<button id="uiLogin">Anmelden</button></form>'
    '<script>var url = "/login_sid.lua?version=2";</script></body></html>'
)


def session_info_xml(sid: str, challenge: str, block_time: int, user: str) -> str:
    """Return the SessionInfo document login_sid.lua answers with."""
    rights = "<Rights><Name>BoxAdmin</Name><Access>2</Access></Rights>" if sid != NO_SID else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><SessionInfo>'
        f"<SID>{sid}</SID><Challenge>{challenge}</Challenge><BlockTime>{block_time}</BlockTime>"
        f'{rights or "<Rights></Rights>"}<Users><User last="1">{user}</User></Users>'
        "</SessionInfo>"
    )


def md5_expected(challenge: str, password: str) -> str:
    """Return the legacy response the box expects for a challenge."""
    cleaned = "".join(char if ord(char) <= 0xFF else "." for char in password)
    digest = hashlib.md5(f"{challenge}-{cleaned}".encode("utf-16-le")).hexdigest()
    return f"{challenge}-{digest}"


def _mhz(value: float) -> str:
    return f"{value:.3f}"


def _range(start: float, width: float) -> str:
    return f"{start:.3f} - {start + width:.3f}"


def _short_range(start: float, width: float) -> str:
    return f"{start:g}-{start + width:g}"


def _ds30_row(ch: DsChannel) -> dict[str, Any]:
    if not ch.locked:
        return {
            "channelID": ch.channel_id,
            "frequency": _mhz(ch.frequency_mhz),
            "powerLevel": "-",
            "modulation": "-",
            "mse": "-",
            "latency": "-",
            "corrErrors": "-",
            "nonCorrErrors": "-",
        }
    return {
        "channelID": ch.channel_id,
        "frequency": _mhz(ch.frequency_mhz),
        "powerLevel": f"{ch.power:.1f}",
        "modulation": ch.modulation,
        "mse": f"-{ch.snr:.1f}",
        "latency": "0.32",
        "corrErrors": ch.corrected,
        "nonCorrErrors": ch.uncorrectable,
    }


def _ds31_row(ch: DsChannel) -> dict[str, Any]:
    return {
        "channelID": ch.channel_id,
        "frequency": _range(ch.frequency_mhz, ch.width_mhz),
        "powerLevel": f"{ch.power:.1f}",
        "modulation": ch.modulation,
        "mer": f"{ch.snr:.1f}",
        "plc": f"{ch.frequency_mhz + 8:.0f}",
        "fft": "4K",
        "type": "4K",
        "corrErrors": ch.corrected,
        "nonCorrErrors": ch.uncorrectable,
    }


def _us30_row(ch: UsChannel) -> dict[str, Any]:
    return {
        "channelID": ch.channel_id,
        "frequency": _mhz(ch.frequency_mhz),
        "powerLevel": f"{ch.power:.1f}",
        "modulation": ch.modulation,
        "multiplex": "ATDMA",
    }


def _us31_row(ch: UsChannel) -> dict[str, Any]:
    return {
        "channelID": ch.channel_id,
        "frequency": _range(ch.frequency_mhz, ch.width_mhz),
        "powerLevel": f"{ch.power - 6.0:.1f}",
        "modulation": ch.modulation,
        "multiplex": "",
        "fft": "2K",
        "activesub": "880",
    }


def _blank_power(lanes: dict[str, Any]) -> None:
    """Empty the cells the blank-power variant leaves empty; number OFDMA as FRITZ!OS does."""
    for row in lanes["channelDs"]["docsis30"] + lanes["channelDs"]["docsis31"]:
        if row["channelID"] in BLANK_POWER_IDS:
            row["powerLevel"] = ""
    for row in lanes["channelUs"]["docsis30"]:
        if row["channelID"] == BLANK_MODULATION_US_ID:
            row["modulation"] = ""
    for row in lanes["channelUs"]["docsis31"]:
        row["channelID"] = OFDMA_PAGE_ID


def _type_keys(lanes: dict[str, Any], plan: ChannelPlan) -> None:
    """Rewrite the rows as older FRITZ!OS pages give them: `type`, short MHz, plain numbers."""
    for lane, channels in (
        (lanes["channelDs"]["docsis30"], plan.ds),
        (lanes["channelDs"]["docsis31"], plan.ds_ofdm),
        (lanes["channelUs"]["docsis30"], plan.us_qam),
        (lanes["channelUs"]["docsis31"], plan.us_ofdma),
    ):
        widths = {ch.channel_id: ch.width_mhz for ch in channels}
        for index, row in enumerate(lane):
            row["type"] = row.pop("modulation")
            row["channel"] = index + 1
            start = float(row["frequency"].split(" - ")[0])
            width = widths[row["channelID"]]
            wide = " - " in row["frequency"]
            row["frequency"] = _short_range(start, width) if wide else f"{start:g}"
    for row in lanes["channelUs"]["docsis30"]:
        row["powerLevel"] = float(row["powerLevel"])
    for row in lanes["channelUs"]["docsis31"]:
        row["type"] = "OFDMA"
        row["channelID"] = OFDMA_PAGE_ID


def render_docinfo(plan: ChannelPlan, variant: str = "pbkdf2") -> dict[str, Any]:
    """Return the `data` object of page docInfo for a plan, as a firmware variant gives it."""
    ds30 = [_ds30_row(ch) for ch in plan.ds if not ch.ofdm]
    lanes: dict[str, Any] = {
        "channelDs": {"docsis30": ds30, "docsis31": [_ds31_row(ch) for ch in plan.ds_ofdm]},
        "channelUs": {
            "docsis30": [_us30_row(ch) for ch in plan.us_qam],
            "docsis31": [_us31_row(ch) for ch in plan.us_ofdma],
        },
        "oem": "avm",
    }
    if variant == BLANK_POWER:
        _blank_power(lanes)
    elif variant == TYPE_KEYS:
        _type_keys(lanes, plan)
    return lanes


def render_overview(plan: ChannelPlan, variant: str) -> dict[str, Any]:
    """Return the `data` object of page overview."""
    product, version = _PRODUCTS.get(variant, _PRODUCTS["pbkdf2"])
    return {
        "fritzos": {
            "Productname": product,
            "nspver": version,
            "isUpdateAvail": False,
            "Uptime": plan.uptime_seconds,
        }
    }


def render_netmoni(plan: ChannelPlan) -> dict[str, Any]:
    """Return the `data` object of page netMoni."""
    return {
        "connections": [
            {
                "name": "Kabel",
                "medium": "cable",
                "downstream": plan.max_downstream_kbps,
                "upstream": plan.max_upstream_kbps,
                "active": True,
            }
        ]
    }


@register_simulator
class FritzBoxSimulator(ModemSimulator):
    """Serves login_sid.lua and data.lua as FRITZ!OS does."""

    key = "fritzbox"
    variants = ("pbkdf2", "md5", BLANK_POWER, TYPE_KEYS)
    default_user = "admin"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the box's fixed PBKDF2 salt; hash1 is computed on first use."""
        super().__init__(*args, **kwargs)
        self.salt1 = secrets.token_hex(16)
        self._hash1: bytes | None = None
        self._challenges: set[str] = set()
        self._sids: dict[str, str] = {}

    def add_routes(self, app: web.Application) -> None:
        """Register the login endpoint, data.lua and the login page."""
        app.router.add_get("/login_sid.lua", self.login_sid)
        app.router.add_post("/login_sid.lua", self.login_sid)
        app.router.add_post("/data.lua", self.data)
        app.router.add_get("/", self.login_page)

    @property
    def pbkdf2(self) -> bool:
        """Return whether this firmware uses PBKDF2 challenges (all but the md5 variant)."""
        return self.state.variant != "md5"

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """Blank power cells read as no power; an ATDMA row without modulation says ATDMA.

        In both page variants the OFDMA channel is numbered 1 like ATDMA channel 1: the driver
        reports it as OFDMA_ID_BASE + 1 (docs/field-semantics.md).
        """
        expected = super().expected()
        if self.state.variant not in (BLANK_POWER, TYPE_KEYS):
            return expected
        for channel in expected["us"]:
            if channel["channel_family"] == "ofdma":
                channel["channel_id"] = OFDMA_ID_BASE + OFDMA_PAGE_ID
        if self.state.variant != BLANK_POWER:
            return expected
        for channel in expected["ds"]:
            if channel["channel_id"] in BLANK_POWER_IDS:
                channel["power"] = None
        for channel in expected["us"]:
            if channel["channel_id"] == BLANK_MODULATION_US_ID:
                channel["modulation"] = "ATDMA"
        return expected

    def _new_challenge(self) -> str:
        if self.pbkdf2:
            challenge = f"2${PBKDF2_ITER1}${self.salt1}${PBKDF2_ITER2}${secrets.token_hex(16)}"
        else:
            challenge = secrets.token_hex(4)
        self._challenges.add(challenge)
        return challenge

    def _valid_sid(self, sid: str | None) -> bool:
        return self.state.session_valid(self._sids.get(sid or ""))

    async def _proof_ok(self, response: str) -> bool:
        """Check a response against the one challenge it answers (each is good once)."""
        if self.pbkdf2:
            salt2, _, proof = response.partition("$")
            matching = [c for c in self._challenges if c.endswith(f"${salt2}")] if salt2 else []
            if not matching:
                return False
            self._challenges.discard(matching[0])
            if self._hash1 is None:
                self._hash1 = await asyncio.to_thread(
                    hashlib.pbkdf2_hmac,
                    "sha256",
                    self.state.password.encode(),
                    bytes.fromhex(self.salt1),
                    PBKDF2_ITER1,
                )
            want = await asyncio.to_thread(
                hashlib.pbkdf2_hmac, "sha256", self._hash1, bytes.fromhex(salt2), PBKDF2_ITER2
            )
            return secrets.compare_digest(proof, want.hex())
        challenge = response.partition("-")[0]
        if challenge not in self._challenges:
            return False
        self._challenges.discard(challenge)
        return secrets.compare_digest(response, md5_expected(challenge, self.state.password))

    def _xml(self, sid: str) -> web.Response:
        block = LOCKOUT_SECONDS if self.state.locked_out else 0
        text = session_info_xml(sid, self._new_challenge(), block, self.state.user)
        return web.Response(text=text, content_type="text/xml")

    async def login_sid(self, request: web.Request) -> web.Response:
        """Hand out a challenge, check an answer, or end a session."""
        form = await request.post() if request.method == "POST" else request.query
        sid = str(form.get("sid") or "")
        if form.get("logout"):
            token = self._sids.pop(sid, None)
            self.state.end_session(token)
            return self._xml(NO_SID)
        response = str(form.get("response") or "")
        if not response:
            return self._xml(sid if self._valid_sid(sid) else NO_SID)
        if self.state.locked_out:
            return self._xml(NO_SID)
        proof_ok = await self._proof_ok(response)
        # The password never crosses the wire: count a failure as check_credentials does.
        if not proof_ok or str(form.get("username") or "") != self.state.user:
            self.state.failed_logins += 1
            return self._xml(NO_SID)
        token = self.state.new_session()
        new_sid = secrets.token_hex(8)
        self._sids[new_sid] = token
        return self._xml(new_sid)

    async def login_page(self, request: web.Request) -> web.Response:
        """Return the login page a dead session is sent to."""
        return web.Response(text=LOGIN_PAGE, content_type="text/html")

    async def data(self, request: web.Request) -> web.Response:
        """Answer one data.lua page for a valid SID."""
        form = await request.post()
        sid = str(form.get("sid") or "")
        if not self._valid_sid(sid):
            if self.pbkdf2:
                return web.Response(status=403, text="Forbidden")
            raise web.HTTPSeeOther("/")
        page = str(form.get("page") or "")
        if page == "docInfo":
            data = render_docinfo(self.plan, self.state.variant)
        elif page == "overview":
            data = render_overview(self.plan, self.state.variant)
        elif page == "netMoni":
            data = render_netmoni(self.plan)
        else:
            data = {}
        return web.json_response({"pid": page, "sid": sid, "data": data})
