"""Training and evaluation of the shipped text classifier (not imported at runtime)."""
