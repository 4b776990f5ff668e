"""Streaming ingestion on NATS JetStream: publisher, stream set-up, workers, webhooks, metrics.

See docs/streaming.md. Nothing here is needed by ``make run``: without ``HIFAZAT_NATS_URL``
events are processed in-process by the API.
"""
