"""ASGI entry point for ``hifazat serve`` / uvicorn: builds the app from the environment."""

from __future__ import annotations

from hifazat.api.app import create_app
from hifazat.logging_config import configure_logging
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings

_settings = Settings()
configure_logging(_settings.log_level)
app = create_app(build_runtime(_settings))
