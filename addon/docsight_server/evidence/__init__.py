"""Evidence checklist: what a complaint has and still lacks over a window."""
