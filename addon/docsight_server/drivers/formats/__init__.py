"""Pure parse functions: modem page text or JSON in, raw channel records and diagnostics out."""
