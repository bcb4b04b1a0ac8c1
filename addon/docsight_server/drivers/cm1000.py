"""Netgear CM1000: Basic auth on /DocsisStatus.asp, or the Genie login form."""

from __future__ import annotations

from .cm3000 import NetgearDriver


class Cm1000Driver(NetgearDriver):
    """Netgear CM1000 (DOCSIS 3.1): tagValueList JavaScript or id'd HTML tables."""

    key = "cm1000"
    display_name = "Netgear CM1000"
    models = "Netgear CM1000, CM1000v2"
    model_name = "CM1000"
    status_path = "/DocsisStatus.asp"
    login_page_path = "/GenieLogin.asp"
    login_post_path = "/goform/GenieLogin"
    user_field = "loginUsername"
    password_field = "loginPassword"
    extra_fields = (("login", "1"),)
    login_method = "HTTP Basic, or Genie form /GenieLogin.asp -> /goform/GenieLogin (webToken)"
    reads = (
        "/DocsisStatus.asp: tagValueList JavaScript, or tables dsTable, usTable, d31dsTable, "
        "d31usTable mapped by header names"
    )
    limits = (
        "Upstream SC-QAM modulation is the channel type the page states (ATDMA), not a QAM "
        "order; no codeword counters on V2 firmware; no firmware version on the status page"
    )
    firmware = (
        "V1 tagValueList pages; V2 firmware (commented-out placeholder block, 7-field "
        "downstream rows); table layout (dsTable/usTable/d31dsTable/d31usTable) with thousands "
        "separators in counters; Genie login form"
    )
