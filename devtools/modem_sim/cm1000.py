"""Netgear CM1000 simulator: Basic auth or the Genie form; tagValueList or table pages."""

from __future__ import annotations

from .base import register_simulator
from .netgear_common import PLACEHOLDER_HTML, NetgearSimulator, render_table_page, render_tag_page


@register_simulator
class Cm1000Simulator(NetgearSimulator):
    """Serves /DocsisStatus.asp in the variant's format behind the variant's login."""

    key = "cm1000"
    # tagvaluelist, tables and v2 use Basic auth; genie is the tagValueList firmware behind
    # the Genie login form. tables writes counters with thousands separators; v2 (the
    # CM1000v2 firmware) has a commented-out placeholder block and 7-field downstream rows.
    variants = ("tagvaluelist", "tables", "genie", "v2")
    model = "CM1000"
    status_path = "/DocsisStatus.asp"
    login_page_path = "/GenieLogin.asp"
    login_post_path = "/goform/GenieLogin"
    user_field = "loginUsername"
    password_field = "loginPassword"

    def form_login(self) -> bool:
        """The Genie firmware answers the status page with its login form."""
        return self.state.variant == "genie"

    def ds_counters(self) -> bool:
        """The V2 firmware's downstream rows have no codeword counters."""
        return self.state.variant != "v2"

    def render_status(self) -> str:
        """Render the JavaScript page, or the server-side tables of the "tables" firmware."""
        if self.state.variant == "tables":
            return render_table_page(self.plan, self.model, thousands=True)
        if self.state.variant == "v2":
            return render_tag_page(
                self.plan, self.model, placeholder=PLACEHOLDER_HTML, ds_counters=False
            )
        return render_tag_page(self.plan, self.model)
