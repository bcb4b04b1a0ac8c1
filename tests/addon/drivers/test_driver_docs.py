"""addon/DOCS.md lists every driver exactly as the registry describes it."""

from __future__ import annotations

from devtools.driver_docs import DOCS, documented_table, render_table
from docsight_server.drivers.registry import all_drivers


def test_docs_table_matches_the_registry() -> None:
    """The table is current (regenerate with python -m devtools.driver_docs)."""
    assert documented_table(DOCS.read_text(encoding="utf-8")) == render_table()


def test_every_driver_documents_its_login_and_reads() -> None:
    """Each driver says which models it serves, how it logs in and what it reads."""
    for cls in all_drivers():
        assert cls.display_name, cls.key
        assert cls.models, cls.key
        assert cls.login_method, cls.key
        assert cls.reads, cls.key
