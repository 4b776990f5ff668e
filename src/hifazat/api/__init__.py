"""The HTTP API under /v1 (FastAPI)."""
