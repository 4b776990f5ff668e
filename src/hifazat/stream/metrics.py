"""Counters, gauges and histograms rendered in the Prometheus text format (version 0.0.4).

Small and dependency-free; thread-safe. One registry per process (:data:`REGISTRY`)."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

Labels = tuple[tuple[str, str], ...]


def _escape(v: str) -> str:
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _fmt_labels(labels: Labels, extra: tuple[str, str] | None = None) -> str:
    items = list(labels) + ([extra] if extra else [])
    if not items:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in items) + "}"


def _num(v: float) -> str:
    if v == float("inf"):
        return "+Inf"
    return repr(float(v)) if not float(v).is_integer() else str(int(v))


class _Metric:
    kind = ""

    def __init__(self, name: str, help_text: str) -> None:
        self.name = name
        self.help = help_text
        self._lock = threading.Lock()

    def lines(self) -> Iterable[str]:  # pragma: no cover - overridden
        return ()


class Counter(_Metric):
    kind = "counter"

    def __init__(self, name: str, help_text: str) -> None:
        super().__init__(name, help_text)
        self._values: dict[Labels, float] = {}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(tuple(sorted(labels.items())), 0.0)

    def lines(self) -> Iterable[str]:
        with self._lock:
            items = sorted(self._values.items()) or [((), 0.0)]
        for labels, v in items:
            yield f"{self.name}{_fmt_labels(labels)} {_num(v)}"


class Gauge(Counter):
    kind = "gauge"

    def set(self, value: float, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            self._values[key] = value


class Histogram(_Metric):
    kind = "histogram"

    def __init__(
        self, name: str, help_text: str, buckets: tuple[float, ...] = LATENCY_BUCKETS
    ) -> None:
        super().__init__(name, help_text)
        self.buckets = buckets
        self._counts = [0] * (len(buckets) + 1)
        self._sum = 0.0
        self._n = 0

    def observe(self, value: float) -> None:
        i = bisect.bisect_left(self.buckets, value)
        with self._lock:
            self._counts[i] += 1
            self._sum += value
            self._n += 1

    @property
    def count(self) -> int:
        return self._n

    def lines(self) -> Iterable[str]:
        with self._lock:
            counts, total, n = list(self._counts), self._sum, self._n
        running = 0
        for bound, c in zip((*self.buckets, float("inf")), counts, strict=True):
            running += c
            yield f'{self.name}_bucket{{le="{_num(bound)}"}} {running}'
        yield f"{self.name}_sum {_num(total)}"
        yield f"{self.name}_count {n}"


class Registry:
    def __init__(self) -> None:
        self.metrics: dict[str, _Metric] = {}

    def _add(self, metric: _Metric) -> _Metric:
        return self.metrics.setdefault(metric.name, metric)

    def counter(self, name: str, help_text: str) -> Counter:
        m = self._add(Counter(name, help_text))
        assert isinstance(m, Counter)
        return m

    def gauge(self, name: str, help_text: str) -> Gauge:
        m = self._add(Gauge(name, help_text))
        assert isinstance(m, Gauge)
        return m

    def histogram(self, name: str, help_text: str) -> Histogram:
        m = self._add(Histogram(name, help_text))
        assert isinstance(m, Histogram)
        return m

    def render(self) -> str:
        out: list[str] = []
        for m in self.metrics.values():
            out.append(f"# HELP {m.name} {m.help}")
            out.append(f"# TYPE {m.name} {m.kind}")
            out.extend(m.lines())
        return "\n".join(out) + "\n"


REGISTRY = Registry()
EVENTS_IN = REGISTRY.counter("hifazat_events_in_total", "Events received, by type and path.")
DECISIONS_OUT = REGISTRY.counter(
    "hifazat_decisions_out_total", "Decisions committed, by action (replays not counted)."
)
EVENTS_REPLAYED = REGISTRY.counter(
    "hifazat_events_replayed_total", "Events seen again (redelivery or resend); nothing changed."
)
EVENTS_REJECTED = REGISTRY.counter(
    "hifazat_events_rejected_total", "Events rejected and dead-lettered, by error code."
)
ERRORS = REGISTRY.counter("hifazat_errors_total", "Batches or messages that failed, by stage.")
LAG = REGISTRY.gauge("hifazat_stream_lag", "Messages in the stream not yet delivered to workers.")
IN_FLIGHT = REGISTRY.gauge("hifazat_in_flight", "Events fetched and not yet acknowledged.")
DECISION_LATENCY = REGISTRY.histogram(
    "hifazat_publish_to_decision_seconds", "From publish to decision committed, per event."
)
BATCH_SECONDS = REGISTRY.histogram(
    "hifazat_batch_seconds", "Time to process one batch (detect, decide, commit)."
)
WEBHOOKS = REGISTRY.counter(
    "hifazat_webhook_deliveries_total", "Webhook delivery attempts, by result."
)
