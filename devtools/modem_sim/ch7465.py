"""Compal CH7465 Connect Box simulator: SHA-256 password login, DOCSIS 3.0 getter.xml tables."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from .base import register_simulator
from .compal_common import (
    CompalSimulator,
    Renderer,
    render_downstream,
    render_fields,
    render_system_info,
    render_upstream,
)

FUN_GLOBAL_SETTINGS = 1
FUN_SYSTEM_INFO = 2
FUN_DS_TABLE = 10
FUN_US_TABLE = 11
FUN_CM_STATUS = 144

LOGIN_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<script type="text/javascript" src="../js/jquery.min.js"></script>
<script type="text/javascript" src="../js/sha256.js"></script>
<script type="text/javascript" src="../js/login.js"></script></head>
<body><div id="login-box"><form id="loginForm" onsubmit="return false;">
<label for="loginPassword" id="c_42">Password</label>
<input type="password" id="loginPassword" autocomplete="off">
<button type="submit" id="c_43">Login</button></form></div></body></html>
"""


def render_global_settings(sw_version: str, operator: str) -> str:
    """Render getter fun 1 (<GlobalSettings>), readable before login."""
    return render_fields(
        "GlobalSettings",
        {
            "AccessLevel": "0",
            "SwVersion": sw_version,
            "CmProvisionMode": "IPv4",
            "GwProvisionMode": "IPv4",
            "GWOperMode": "IPv4",
            "ConfigVenderModel": "CH7465LG",
            "OperatorId": operator,
            "AccessDenied": "NONE",
            "LockedOut": "Disable",
            "CountryCode": "EU",
            "Interface": "1",
        },
    )


def render_cm_status() -> str:
    """Render getter fun 144 (<cmstatus>)."""
    return render_fields(
        "cmstatus",
        {"provisioning_st": "Operational", "cm_comment": "", "cm_network_access": "Allowed"},
    )


@register_simulator
class Ch7465Simulator(CompalSimulator):
    """A Connect Box: fun 15 takes SHA-256(password) as hex; the Username is ignored."""

    key = "ch7465"
    default_user = "admin"
    checks_user = False
    docsis31 = False
    probe_twins = ("ch7465_play",)
    operator: ClassVar[str] = "UPC"
    title: ClassVar[str] = "Connect Box"

    def login_page(self) -> str:
        """Return the JavaScript-driven login page (the model comes from fun 1)."""
        return LOGIN_HTML.format(title=self.title)

    def verify_login(self, form: dict[str, str], token: str) -> bool:
        """Compare the submitted hex digest with SHA-256 of the password."""
        digest = hashlib.sha256(self.state.password.encode()).hexdigest()
        good = form.get("Password", "") == digest
        return self.state.check_credentials(None, self.state.password if good else "\0")

    def sw_version(self) -> str:
        """Return the firmware string of fun 1."""
        return f"CH7465LG-NCIP-{self.plan.sw_version}-NOSH"

    def renderers(self) -> dict[int, Renderer]:
        """Return the getter.xml functions of the Connect Box."""
        plan = self.plan
        return {
            FUN_GLOBAL_SETTINGS: lambda: render_global_settings(self.sw_version(), self.operator),
            FUN_SYSTEM_INFO: lambda: render_system_info(plan, "DOCSIS 3.0"),
            FUN_DS_TABLE: lambda: render_downstream([ch for ch in plan.ds if not ch.ofdm]),
            FUN_US_TABLE: lambda: render_upstream(plan.us_qam),
            FUN_CM_STATUS: render_cm_status,
        }
