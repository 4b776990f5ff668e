"""Hifazat: open-source trust & safety for creators."""

__version__ = "0.1.0"
