"""Use cases: one function per state change = one transaction + one audit event."""
