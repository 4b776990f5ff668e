"""Support for creators, pure: helplines, safety plans, evidence packs, escalations, digests."""
