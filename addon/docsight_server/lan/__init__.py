"""LAN device monitoring: discovery, inventory, up/down history and round-trip delay."""
