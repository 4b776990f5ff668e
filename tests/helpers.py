"""Helpers shared by the test suites: how a missing service is reported."""

from __future__ import annotations

import os
import socket

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

HOW_TO_START = {
    "postgresql": "start it with: "
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "nats": "start it with: nats-server -a 127.0.0.1 -p 4222 -js -sd /tmp/nats &",
    "chromium": "install it with: apt-get install -y chromium chromium-driver",
}


def missing_service(name: str, why: str) -> None:
    message = f"{name} is not available ({why}); {HOW_TO_START[name]}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False
