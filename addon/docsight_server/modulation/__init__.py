"""Modulation analytics: distribution, intraday view, trend and capacity against the tariff."""
