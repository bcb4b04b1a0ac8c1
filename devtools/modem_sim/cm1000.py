"""Netgear CM1000 simulator: Basic auth or the Genie form; tagValueList or table pages."""

from __future__ import annotations

from .base import register_simulator
from .netgear_common import NetgearSimulator, render_table_page, render_tag_page


@register_simulator
class Cm1000Simulator(NetgearSimulator):
    """Serves /DocsisStatus.asp in the variant's format behind the variant's login."""

    key = "cm1000"
    # tagvaluelist and tables use Basic auth; genie is the tagValueList firmware behind
    # the Genie login form.
    variants = ("tagvaluelist", "tables", "genie")
    model = "CM1000"
    status_path = "/DocsisStatus.asp"
    login_page_path = "/GenieLogin.asp"
    login_post_path = "/goform/GenieLogin"
    user_field = "loginUsername"
    password_field = "loginPassword"

    def form_login(self) -> bool:
        """The Genie firmware answers the status page with its login form."""
        return self.state.variant == "genie"

    def render_status(self) -> str:
        """Render the JavaScript page, or the server-side tables of the "tables" firmware."""
        if self.state.variant == "tables":
            return render_table_page(self.plan, self.model)
        return render_tag_page(self.plan, self.model)
