"""End-to-end tests with a real Home Assistant process."""
