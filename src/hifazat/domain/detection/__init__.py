"""Detectors: text in, :class:`Signal` out."""
