"""Pure signal analysis: thresholds, channel assessment, summaries, events and scores."""
