"""Tests of the pure signal analysis package."""
