"""PDF toolkit: A4 documents with DejaVu fonts, styles, tables, charts and text helpers.

Everything here imports reportlab (and matplotlib for charts) lazily or at module level of
its own modules only: the server imports these modules in its rendering worker processes,
never on the event loop.
"""
