"""Demo mode: a simulated cable line with months of history and live polls."""
