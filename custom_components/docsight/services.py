"""Service actions: poll, acknowledge events, history, comparison, journal, report, capture."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import asdict
from datetime import date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonValueType

from .action_schemas import (
    ACKNOWLEDGE_SCHEMA,
    ATTR_CHANNEL_ID,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DATE,
    ATTR_DAYS,
    ATTR_DESCRIPTION,
    ATTR_DIRECTION,
    ATTR_EVENT_ID,
    ATTR_FROM,
    ATTR_FROM_A,
    ATTR_FROM_B,
    ATTR_ICON,
    ATTR_RANGE,
    ATTR_SELECTOR,
    ATTR_TITLE,
    ATTR_TO,
    ATTR_TO_A,
    ATTR_TO_B,
    CAPTURE_SCHEMA,
    COMPARE_SCHEMA,
    HISTORY_SCHEMA,
    JOURNAL_SCHEMA,
    MAX_DAYS,
    MEDIA_SOURCE_DIR,
    MEDIA_SOURCE_PREFIX,
    POLL_SCHEMA,
    POLL_SUMMARY_KEYS,
    REPORT_FOLDER,
    REPORT_SCHEMA,
    SERVICE_ACKNOWLEDGE_EVENTS,
    SERVICE_ADD_JOURNAL_ENTRY,
    SERVICE_CAPTURE_MODEM_PAGES,
    SERVICE_COMPARE_PERIODS,
    SERVICE_GENERATE_REPORT,
    SERVICE_GET_CHANNEL_HISTORY,
    SERVICE_POLL,
)
from .api import (
    DocsightAuthenticationError,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
)
from .const import DOMAIN
from .data import DocsightConfigEntry
from .known_channels import unknown_channel_error
from .models import Summary


def _only_entry_id(hass: HomeAssistant) -> str:
    """Return the id of the only DOCSight entry, else raise ServiceValidationError."""
    entries = hass.config_entries.async_entries(DOMAIN)
    if len(entries) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_required" if entries else "no_entry",
            translation_placeholders={"count": str(len(entries))},
        )
    return entries[0].entry_id


def async_get_entry(hass: HomeAssistant, call: ServiceCall) -> DocsightConfigEntry:
    """Return the loaded DOCSight entry an action targets, else raise ServiceValidationError.

    Without `config_entry_id` the action targets the only DOCSight entry there is.
    """
    entry_id: str = call.data.get(ATTR_CONFIG_ENTRY_ID) or _only_entry_id(hass)
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_found",
            translation_placeholders={"entry_id": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"title": entry.title},
        )
    return entry


def _not_supported(action: str) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="action_not_supported",
        translation_placeholders={"action": f"{DOMAIN}.{action}"},
    )


async def _call_addon[T](
    request: Awaitable[T], *, not_found: HomeAssistantError | None = None
) -> T:
    """Await an add-on request, mapping client errors to translated Home Assistant errors."""
    try:
        return await request
    except DocsightAuthenticationError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="action_auth_failed"
        ) from err
    except DocsightConnectionError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_cannot_connect",
            translation_placeholders={"error": str(err)},
        ) from err
    except DocsightResponseError as err:
        if err.status == 404 and not_found is not None:
            raise not_found from err
        if err.status == 400:  # the add-on refused what the caller asked for
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_request",
                translation_placeholders={"error": err.message},
            ) from err
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_failed",
            translation_placeholders={"status": str(err.status), "error": err.message},
        ) from err
    except DocsightError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_failed",
            translation_placeholders={"status": "-", "error": str(err)},
        ) from err


def _utc_text(value: datetime) -> str:
    """Return the add-on's UTC format; naive datetimes are Home Assistant's local time."""
    return dt_util.as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_order(start: datetime, end: datetime) -> None:
    if dt_util.as_utc(start) >= dt_util.as_utc(end):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_period",
            translation_placeholders={"start": start.isoformat(), "end": end.isoformat()},
        )


def _report_window(data: dict[str, Any]) -> dict[str, Any]:
    """Return the report's query: days, or from and to (at most 90 days apart)."""
    start, end = data.get(ATTR_FROM), data.get(ATTR_TO)
    if start is None and end is None:
        return {"days": data.get(ATTR_DAYS)}
    if start is None or end is None or ATTR_DAYS in data:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="invalid_report_window"
        )
    _check_order(start, end)
    if dt_util.as_utc(end) - dt_util.as_utc(start) > timedelta(days=MAX_DAYS):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="report_window_too_large"
        )
    return {"from": _utc_text(start), "to": _utc_text(end)}


def _report_destination(hass: HomeAssistant) -> tuple[Path, str | None]:
    """Return the reports' folder and the id of the media folder it is in.

    The "local" media folder (Home Assistant's default), else the first one configured;
    with none configured, <config>/media, which no media source serves (id None).
    """
    media_dirs = hass.config.media_dirs
    if not media_dirs:
        return Path(hass.config.path("media")) / REPORT_FOLDER, None
    media_dir_id = MEDIA_SOURCE_DIR if MEDIA_SOURCE_DIR in media_dirs else next(iter(media_dirs))
    return Path(media_dirs[media_dir_id]) / REPORT_FOLDER, media_dir_id


def _save_new_file(folder: Path, stem: str, content: bytes) -> Path:
    """Write `content` to <folder>/<stem>.pdf, or <stem>-2.pdf… if taken; never overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 100):
        path = folder / (f"{stem}.pdf" if number == 1 else f"{stem}-{number}.pdf")
        try:
            with path.open("xb") as file:
                file.write(content)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(folder / f"{stem}.pdf")


def _poll_response(summary: Summary) -> dict[str, Any]:
    """Return what docsight.poll answers with: the summary's figures (issues as a list)."""
    figures = asdict(summary) | {"health_issues": list(summary.health_issues)}
    return {key: figures[key] for key in POLL_SUMMARY_KEYS}


async def _async_poll(call: ServiceCall) -> ServiceResponse:
    """Poll the modem now and answer with the new summary."""
    runtime = async_get_entry(call.hass, call).runtime_data
    analysis = await _call_addon(runtime.client.poll())
    if not runtime.live.stream_connected:  # else the stream announces the new poll
        await runtime.live.async_request_refresh()
    return _poll_response(analysis.summary)


async def _async_acknowledge_events(call: ServiceCall) -> ServiceResponse:
    """Acknowledge one event, or all of them."""
    client = async_get_entry(call.hass, call).runtime_data.client
    if (event_id := call.data.get(ATTR_EVENT_ID)) is None:
        return {"count": await _call_addon(client.acknowledge_all())}
    not_found = ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="event_not_found",
        translation_placeholders={"event_id": str(event_id)},
    )
    await _call_addon(client.acknowledge(event_id), not_found=not_found)
    return {"count": 1}


async def _async_get_channel_history(call: ServiceCall) -> ServiceResponse:
    """Answer with one channel's history; a channel DOCSight never saw (404) is an error."""
    runtime = async_get_entry(call.hass, call).runtime_data
    params = {
        key: call.data.get(key)
        for key in (ATTR_SELECTOR, ATTR_CHANNEL_ID, ATTR_DIRECTION, ATTR_DAYS, ATTR_RANGE)
    }
    unknown = unknown_channel_error(runtime.live.data, call.data)
    points = await _call_addon(runtime.client.channel_history(**params), not_found=unknown)
    return {"points": cast(list[JsonValueType], [asdict(point) for point in points])}


async def _async_compare_periods(call: ServiceCall) -> ServiceResponse:
    """Answer with the comparison of two periods."""
    client = async_get_entry(call.hass, call).runtime_data.client
    data = call.data
    _check_order(data[ATTR_FROM_A], data[ATTR_TO_A])
    _check_order(data[ATTR_FROM_B], data[ATTR_TO_B])
    params = {key: _utc_text(data[key]) for key in (ATTR_FROM_A, ATTR_TO_A, ATTR_FROM_B, ATTR_TO_B)}
    comparison = await _call_addon(
        client.comparison(**params), not_found=_not_supported(SERVICE_COMPARE_PERIODS)
    )
    return cast(ServiceResponse, comparison.to_json())


async def _async_add_journal_entry(call: ServiceCall) -> ServiceResponse:
    """Add an entry to the add-on's journal; answer with its id."""
    runtime = async_get_entry(call.hass, call).runtime_data
    day: date = call.data[ATTR_DATE]
    body: dict[str, Any] = {
        "date": day.isoformat(),
        "title": call.data[ATTR_TITLE],
        "description": call.data[ATTR_DESCRIPTION],
    }
    if icon := call.data.get(ATTR_ICON):
        body["icon"] = icon
    created = await _call_addon(
        runtime.client.add_journal_entry(body),
        not_found=_not_supported(SERVICE_ADD_JOURNAL_ENTRY),
    )
    await runtime.evidence.async_request_refresh()
    return {"id": created.id}


async def _async_generate_report(call: ServiceCall) -> ServiceResponse:
    """Save the add-on's PDF report as a new file in the media folder; answer where it is."""
    hass = call.hass
    client = async_get_entry(hass, call).runtime_data.client
    params = _report_window(dict(call.data))
    pdf = await _call_addon(
        client.report_pdf(**params), not_found=_not_supported(SERVICE_GENERATE_REPORT)
    )
    folder, media_dir_id = _report_destination(hass)
    stem = f"docsight-report-{dt_util.utcnow().strftime('%Y%m%dT%H%M%SZ')}"
    try:
        path = await hass.async_add_executor_job(_save_new_file, folder, stem, pdf)
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="report_not_saved",
            translation_placeholders={"path": str(folder), "error": str(err)},
        ) from err
    media_content_id = (
        None
        if media_dir_id is None
        else f"{MEDIA_SOURCE_PREFIX}/{media_dir_id}/{REPORT_FOLDER}/{path.name}"
    )
    return {
        "path": str(path),
        "filename": path.name,
        "media_content_id": media_content_id,
        "size": len(pdf),
    }


type ServiceHandler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


def _admin_only(handler: ServiceHandler) -> ServiceHandler:
    """Return the handler refusing users who are not administrators (automations may call).

    Home Assistant's `async_register_admin_service` does the same check, but the oldest
    supported release (2025.4) drops the action's response there.
    """

    @wraps(handler)
    async def checked(call: ServiceCall) -> ServiceResponse:
        if user_id := call.context.user_id:
            user = await call.hass.auth.async_get_user(user_id)
            if user is None:
                raise UnknownUser(context=call.context)
            if not user.is_admin:
                raise Unauthorized(context=call.context)
        return await handler(call)

    return checked


@_admin_only
async def _async_capture_modem_pages(call: ServiceCall) -> ServiceResponse:
    """Have the add-on record the modem's pages for a bug report; answer with its summary.

    Administrators only: the add-on logs in to the modem and writes a file.
    """
    client = async_get_entry(call.hass, call).runtime_data.client
    capture = await _call_addon(
        client.capture_modem_pages(), not_found=_not_supported(SERVICE_CAPTURE_MODEM_PAGES)
    )
    return cast(ServiceResponse, asdict(capture))


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, from async_setup)."""
    for name, handler, schema, supports_response in (
        (SERVICE_POLL, _async_poll, POLL_SCHEMA, SupportsResponse.OPTIONAL),
        (
            SERVICE_ACKNOWLEDGE_EVENTS,
            _async_acknowledge_events,
            ACKNOWLEDGE_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        (
            SERVICE_GET_CHANNEL_HISTORY,
            _async_get_channel_history,
            HISTORY_SCHEMA,
            SupportsResponse.ONLY,
        ),
        (SERVICE_COMPARE_PERIODS, _async_compare_periods, COMPARE_SCHEMA, SupportsResponse.ONLY),
        (
            SERVICE_ADD_JOURNAL_ENTRY,
            _async_add_journal_entry,
            JOURNAL_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        (SERVICE_GENERATE_REPORT, _async_generate_report, REPORT_SCHEMA, SupportsResponse.OPTIONAL),
        (
            SERVICE_CAPTURE_MODEM_PAGES,
            _async_capture_modem_pages,
            CAPTURE_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=supports_response
        )
