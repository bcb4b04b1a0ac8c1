"""Measurements printed by scripts/bench (speed and memory targets live here, not in tests)."""
