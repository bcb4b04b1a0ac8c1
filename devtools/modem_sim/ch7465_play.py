"""Play/UPC firmware of the CH7465: fun 15 wants Username NULL and the plain-text password."""

from __future__ import annotations

from .base import register_simulator
from .ch7465 import Ch7465Simulator


@register_simulator
class Ch7465PlaySimulator(Ch7465Simulator):
    """Same pages as the Connect Box; the login compares the password as sent."""

    key = "ch7465_play"
    default_user = ""
    probe_twins = ("ch7465",)
    operator = "PLAY"
    title = "Play Box"

    def verify_login(self, form: dict[str, str], token: str) -> bool:
        """Accept only Username NULL with the plain-text password."""
        if form.get("Username") != "NULL":
            self.state.failed_logins += 1
            return False
        return self.state.check_credentials(None, form.get("Password", ""))

    def sw_version(self) -> str:
        """Return the Play firmware string of fun 1."""
        return f"CH7465LG-NCIP-{self.plan.sw_version}-PLAY"
