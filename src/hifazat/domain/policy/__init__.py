"""Harm categories, guidelines and the decision rules."""
