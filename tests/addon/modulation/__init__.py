"""Tests of the modulation feature: health arithmetic, routes on hand-made and demo data."""
