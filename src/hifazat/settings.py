"""One settings object, built at start-up from ``HIFAZAT_*`` variables and passed down."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hifazat.domain.policy.categories import DEFAULT_THRESHOLDS, Category

DEV_SECRET = "dev-only-insecure-secret-change-me"


class Settings(BaseSettings):
    """Every setting Hifazat reads. Documented in docs/settings.md (checked by a test)."""

    model_config = SettingsConfigDict(env_prefix="HIFAZAT_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = DEV_SECRET
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    max_text_chars: int = 20_000
    thresholds: dict[Category, float] = Field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    session_max_age_s: int = 12 * 3600
    hold_margin: float = 0.15
    # Support (docs/settings.md): helpline directory, partner response SLA, pile-on detection.
    helplines_file: Path | None = None
    escalation_sla_hours: int = Field(default=48, ge=1, le=24 * 30)
    pileon_window_minutes: int = Field(default=60, ge=1, le=24 * 60)
    pileon_min_comments: int = Field(default=5, ge=2, le=10_000)
    # Reports, cases and appeals (docs/settings.md).
    appeal_window_days: int = Field(default=20, ge=1, le=365)
    sla_hours: dict[str, int] = Field(
        default_factory=lambda: {"priority": 1, "standard": 24, "appeal": 72}
    )
    claim_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # guidelines, rules and creator controls
    nudge_margin: float = Field(default=0.1, ge=0.0, le=0.5)
    safety_mode_hours: float = Field(default=6.0, gt=0.0, le=168.0)
    pile_on_window_s: int = Field(default=300, ge=30, le=3600)
    pile_on_min_abusive: int = Field(default=15, ge=2)
    pile_on_min_accounts: int = Field(default=8, ge=2)
    # Metrics (docs/metrics.md): most periods one breakdown may return.
    metrics_max_buckets: int = Field(default=120, ge=1, le=10_000)
    # Streaming (docs/streaming.md). Empty NATS URL: events are processed in-process.
    nats_url: str = ""
    nats_stream: str = "HIFAZAT"
    nats_subject_prefix: str = "hifazat"
    nats_replicas: int = Field(default=1, ge=1, le=5)
    nats_max_age_days: float = 7.0
    nats_partitions: int = Field(default=1, ge=1, le=1024)
    worker_batch: int = Field(default=200, ge=1, le=5000)
    worker_max_ack_pending: int = Field(default=2000, ge=1)
    worker_ack_wait_s: float = 30.0
    worker_max_deliver: int = Field(default=10, ge=2)
    events_max_batch: int = Field(default=500, ge=1, le=10_000)
    webhook_max_attempts: int = Field(default=8, ge=1)
    webhook_backoff_s: float = 2.0
    webhook_timeout_s: float = 5.0

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("HIFAZAT_SECRET_KEY must be set to a real secret in production")
        if len(self.secret_key) < 16:
            raise ValueError("HIFAZAT_SECRET_KEY must be at least 16 characters")
        for category, value in self.thresholds.items():
            if not 0.0 < value <= 1.0:
                raise ValueError(f"threshold for {category} must be in (0, 1]")
        return self

    @cached_property
    def effective_database_url(self) -> str:
        """The configured URL, or an embedded SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hifazat.sqlite3').resolve()}"

    def threshold_map(self) -> dict[Category, float]:
        merged = dict(DEFAULT_THRESHOLDS)
        merged.update(self.thresholds)
        return merged
