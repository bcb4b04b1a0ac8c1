"""The signal core: modem polling, channel analysis, history, events and their outputs."""
