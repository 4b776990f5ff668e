"""A tiny HTTP endpoint for a worker: ``/healthz``, ``/readyz`` and ``/metrics`` (Prometheus)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import orjson

from hifazat.stream.metrics import CONTENT_TYPE, REGISTRY


def _response(status: str, body: bytes, content_type: str) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


async def serve(
    host: str, port: int, ready: Callable[[], dict[str, bool]]
) -> asyncio.AbstractServer:
    """Serve until the returned server is closed. ``ready`` names each dependency and its state."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (b"\r\n", b""):
                pass
            parts = line.decode("latin-1").split()
            path = parts[1].split("?", 1)[0] if len(parts) > 1 else ""
            if path == "/healthz":
                out = _response("200 OK", b'{"status":"ok"}', "application/json")
            elif path == "/readyz":
                state = await asyncio.to_thread(ready)
                ok = all(state.values())
                body = orjson.dumps({"status": "ready" if ok else "unavailable", **state})
                out = _response(
                    "200 OK" if ok else "503 Service Unavailable", body, "application/json"
                )
            elif path == "/metrics":
                out = _response("200 OK", REGISTRY.render().encode(), CONTENT_TYPE)
            else:
                out = _response("404 Not Found", b"not found", "text/plain")
            writer.write(out)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(handle, host, port)
