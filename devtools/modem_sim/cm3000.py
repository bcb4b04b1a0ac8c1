"""Netgear CM3000 simulator: Basic auth or the Login.htm form, tagValueList status page."""

from __future__ import annotations

from .base import register_simulator
from .netgear_common import PLACEHOLDER_JS, NetgearSimulator, render_tag_page


@register_simulator
class Cm3000Simulator(NetgearSimulator):
    """Serves /DocsisStatus.htm; variant "form" replaces Basic auth with the login form.

    Variant "placeholder" is the firmware whose script holds a commented-out dummy
    InitDsTableTagValue before the real one.
    """

    key = "cm3000"
    variants = ("basic", "form", "placeholder")
    model = "CM3000"
    status_path = "/DocsisStatus.htm"
    login_page_path = "/Login.htm"
    login_post_path = "/goform/Login"
    user_field = "loginName"
    password_field = "loginPassword"

    def form_login(self) -> bool:
        """The "form" firmware answers the status page with its login form."""
        return self.state.variant == "form"

    def render_status(self) -> str:
        """This firmware writes the uptime with h/m/s units."""
        placeholder = PLACEHOLDER_JS if self.state.variant == "placeholder" else None
        return render_tag_page(self.plan, self.model, units=True, placeholder=placeholder)
