"""Modem captures: record one poll (redacted), read it back offline, replay it to a driver."""
