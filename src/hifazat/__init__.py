"""Hifazat."""
