"""Support content shipped with the package: the helpline directory and the safety guides."""
