"""The UI pages: index, login, logout and static assets."""

from __future__ import annotations

import secrets
import time

from aiohttp import web

from .. import __version__
from ..auth import Access, CallerKind
from ..auth.browser import client_address, is_https
from ..auth.sessions import COOKIE_NAME
from ..http.compression import accepts_gzip
from ..http.keys import CALLER, CONTEXT, PREFIX
from ..http.schema import Reply, text
from ..timeutil import now_epoch
from ..web import WebAssets, render
from .routing import RequestDoc, RouteDef
from .schemas import LOGIN_FORM

ASSETS: web.AppKey[WebAssets] = web.AppKey("web_assets")

NO_PASSWORD_MESSAGE = (
    "No admin password is set. Open DOCSight from the Home Assistant sidebar, "
    "or set admin_password in the add-on options to sign in here."
)


def _base(request: web.Request) -> str:
    return f"{request[PREFIX]}/"


def _html(text: str, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", headers=headers)


async def index(request: web.Request) -> web.Response:
    """Serve the UI."""
    caller = request[CALLER]
    session = "1" if caller is not None and caller.kind is CallerKind.SESSION else "0"
    assets = request.app[ASSETS]
    context = request.app[CONTEXT]
    page = render(
        assets.index,
        base=_base(request),
        session=session,
        password="1" if context.auth.password_set else "0",
        pages=assets.pages,
        version=__version__,
    )
    return _html(page, headers={"Cache-Control": "no-cache"})


async def static_file(request: web.Request) -> web.Response:
    """Serve a UI asset from memory (gzip when the browser takes it; revalidated by ETag).

    The compressed copy has its own ETag, as a strong validator must differ per coding.
    """
    asset = request.app[ASSETS].static.get(request.match_info["path"])
    if asset is None:
        raise web.HTTPNotFound
    compressed = asset.gzipped is not None and accepts_gzip(request)
    etag = asset.etag[:-1] + '-gz"' if compressed else asset.etag
    headers = {"Cache-Control": "no-cache", "ETag": etag, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    if compressed:
        headers["Content-Encoding"] = "gzip"
    body = asset.gzipped if compressed and asset.gzipped is not None else asset.body
    return web.Response(body=body, content_type=asset.content_type, headers=headers)


def _login_page(
    request: web.Request, message: str, csrf: str, *, error: bool, show_form: bool, status: int
) -> web.Response:
    page = render(
        request.app[ASSETS].login,
        base=_base(request),
        message=message,
        message_class="error" if error else "muted",
        csrf_token=csrf,
        form_hidden="" if show_form else "hidden",
    )
    response = _html(page, status=status)
    if csrf:
        auth = request.app[CONTEXT].auth
        _set_session_cookie(
            request, response, auth.signer.dumps(auth.new_session(csrf, authenticated=False))
        )
    return response


def _set_session_cookie(request: web.Request, response: web.StreamResponse, value: str) -> None:
    auth = request.app[CONTEXT].auth
    response.set_cookie(
        COOKIE_NAME,
        value,
        path=_base(request),
        httponly=True,
        samesite="Lax",
        secure=is_https(request, auth.proxies),
        max_age=auth.session_lifetime,
    )


async def login_form(request: web.Request) -> web.Response:
    """Show the sign-in form with a fresh CSRF token."""
    auth = request.app[CONTEXT].auth
    caller = request[CALLER]
    # Signed in already: a fresh form cookie would sign this browser out behind its back.
    if not auth.required or (caller is not None and caller.session_like):
        raise web.HTTPFound(_base(request))
    if not auth.password_set:
        return _login_page(
            request, NO_PASSWORD_MESSAGE, "", error=False, show_form=False, status=200
        )
    return _login_page(
        request,
        "Sign in with the admin password.",
        secrets.token_urlsafe(32),
        error=False,
        show_form=True,
        status=200,
    )


async def login_submit(request: web.Request) -> web.Response:
    """Check the CSRF token and password; lock a client out after repeated failures."""
    auth = request.app[CONTEXT].auth
    if not auth.password_set:
        return _login_page(
            request, NO_PASSWORD_MESSAGE, "", error=True, show_form=False, status=400
        )
    client = client_address(request, auth.proxies)
    now = time.time()
    wait = auth.limiter.retry_after(client, now)
    if wait:
        response = _login_page(
            request,
            f"Too many failed attempts. Try again in {wait} s.",
            secrets.token_urlsafe(32),
            error=True,
            show_form=True,
            status=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        form = await request.post()
    except (ValueError, AssertionError, UnicodeDecodeError, web.HTTPException):
        # a malformed form (multipart without a boundary, broken parts): the sender's fault
        return _login_page(
            request,
            "The form could not be read. Please try again.",
            secrets.token_urlsafe(32),
            error=True,
            show_form=True,
            status=400,
        )
    session = auth.signer.loads(request.cookies.get(COOKIE_NAME, ""), now_epoch())
    sent_csrf = str(form.get("csrf_token", ""))
    if session is None or not sent_csrf or not secrets.compare_digest(session.csrf, sent_csrf):
        auth.limiter.record_failure(client, now)
        return _login_page(
            request,
            "The form expired. Please try again.",
            secrets.token_urlsafe(32),
            error=True,
            show_form=True,
            status=400,
        )
    if not await auth.check_password(str(form.get("password", ""))):
        auth.limiter.record_failure(client, now)
        return _login_page(
            request,
            "Wrong password.",
            secrets.token_urlsafe(32),
            error=True,
            show_form=True,
            status=401,
        )
    auth.limiter.reset(client)
    response = web.HTTPFound(_base(request))
    token = auth.signer.dumps(auth.new_session(secrets.token_urlsafe(32), authenticated=True))
    _set_session_cookie(request, response, token)
    raise response


async def logout(request: web.Request) -> web.Response:
    """End the browser session for good (the auth middleware refuses one from another site)."""
    auth = request.app[CONTEXT].auth
    session = auth.signer.loads(request.cookies.get(COOKIE_NAME, ""), now_epoch())
    if session is not None:
        await auth.revoke_session(session)
    response = web.HTTPFound(f"{request[PREFIX]}/login")
    response.del_cookie(COOKIE_NAME, path=_base(request))
    raise response


_HTML = "text/html"
LOGIN_PAGE_HEADERS = {"Set-Cookie": "A session cookie carrying the form's CSRF token"}

ROUTES = (
    RouteDef(
        "GET",
        "/",
        index,
        Access.AUTH,
        "Web UI",
        "pages",
        responses={
            200: text("The UI", _HTML),
            302: Reply("Sign-in needed: redirect to /login"),
        },
    ),
    RouteDef(
        "GET",
        "/static/{path:[A-Za-z0-9_][A-Za-z0-9_./-]*}",
        static_file,
        Access.PUBLIC,
        "UI asset: shell/<file> or pages/<page>/<file>",
        "pages",
        responses={
            200: text(
                "The asset (CSS, JavaScript, images; typed by name)", "application/octet-stream"
            ),
            304: Reply("Not modified since the ETag sent in If-None-Match"),
            404: text("No such asset (plain text: assets are not API paths)"),
        },
    ),
    RouteDef(
        "GET",
        "/login",
        login_form,
        Access.PUBLIC,
        "Sign-in form",
        "pages",
        responses={
            200: Reply("The form", {"type": "string"}, _HTML, LOGIN_PAGE_HEADERS),
            302: Reply("No sign-in needed: redirect to the UI"),
        },
    ),
    RouteDef(
        "POST",
        "/login",
        login_submit,
        Access.PUBLIC,
        "Sign in (form: password, csrf_token)",
        "pages",
        request_doc=RequestDoc("application/x-www-form-urlencoded", LOGIN_FORM),
        responses={
            302: Reply("Signed in: redirect to the UI with the session cookie"),
            400: text("The form expired (bad CSRF token) or no password is set", _HTML),
            401: text("Wrong password", _HTML),
            429: Reply(
                "Locked out after repeated failures",
                {"type": "string"},
                _HTML,
                {"Retry-After": "Seconds until the next attempt is allowed"},
            ),
        },
    ),
    RouteDef(
        "POST",
        "/logout",
        logout,
        Access.PUBLIC,
        "Sign out (the session cookie stops working, also after a restart)",
        "pages",
        responses={
            302: Reply("Signed out: redirect to /login"),
            403: text("Sent from another site (Origin or Referer is not this server)"),
        },
    ),
)
