"""Request metrics of this process in the Prometheus text exposition format (version 0.0.4).

Why our own few lines instead of prometheus_client: three metric families are all operators
need here (latency, errors, requests in flight = the queue), and no new dependency is needed.

Labels are the HTTP method (a fixed set), the *route template* (``/api/services/{code}``, never
the raw path, so no ID number, phone or name typed into a URL can reach a label) and the status
class. Each worker process has its own numbers; Prometheus scrapes each worker (or sums them).
"""

from __future__ import annotations

import threading
from bisect import bisect_left

#: Latency buckets (seconds): page events and API calls are expected well under one second, chat
#: turns a few seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
#: The label of a request no route matched (its path is never used as a label).
UNMATCHED = "(unmatched)"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}" if pairs else ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class RequestMetrics:
    """Counters, a latency histogram and an in-flight gauge, safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._requests: dict[tuple, int] = {}
            self._errors: dict[tuple, int] = {}
            self._hist: dict[tuple, list] = {}  # labels -> [bucket counts…, sum, count]
            self._in_flight = 0
            self._in_flight_max = 0

    @staticmethod
    def _method(method: str) -> str:
        method = (method or "").upper()
        return method if method in METHODS else "OTHER"

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._in_flight_max = max(self._in_flight_max, self._in_flight)

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        """One request done. ``route`` must be a route template (or :data:`UNMATCHED`)."""
        method = self._method(method)
        status_class = f"{status // 100}xx" if 100 <= status < 600 else "other"
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            key = (("method", method), ("route", route), ("status", status_class))
            self._requests[key] = self._requests.get(key, 0) + 1
            if status >= 500:
                ekey = (("method", method), ("route", route))
                self._errors[ekey] = self._errors.get(ekey, 0) + 1
            hkey = (("method", method), ("route", route))
            h = self._hist.setdefault(hkey, [0] * len(BUCKETS) + [0.0, 0])
            i = bisect_left(BUCKETS, seconds)
            if i < len(BUCKETS):
                h[i] += 1
            h[-2] += seconds
            h[-1] += 1

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def render(self) -> str:
        """The text exposition: ``# HELP``/``# TYPE`` lines, then one sample per line."""
        with self._lock:
            requests, errors = dict(self._requests), dict(self._errors)
            hist = {k: list(v) for k, v in self._hist.items()}
            in_flight, in_flight_max = self._in_flight, self._in_flight_max
        out = ["# HELP minzheng_http_requests_total HTTP requests answered, by method, route template and status class.",
               "# TYPE minzheng_http_requests_total counter"]
        out += [f"minzheng_http_requests_total{_labels(k)} {v}" for k, v in sorted(requests.items())]
        out += ["# HELP minzheng_http_request_errors_total Requests answered with a server error (5xx) or failed.",
                "# TYPE minzheng_http_request_errors_total counter"]
        out += [f"minzheng_http_request_errors_total{_labels(k)} {v}" for k, v in sorted(errors.items())]
        out += ["# HELP minzheng_http_request_duration_seconds Time to answer a request.",
                "# TYPE minzheng_http_request_duration_seconds histogram"]
        for k, h in sorted(hist.items()):
            running = 0
            for bound, n in zip(BUCKETS, h[:len(BUCKETS)], strict=True):
                running += n
                out.append(f"minzheng_http_request_duration_seconds_bucket{_labels(k + (('le', _num(bound)),))} {running}")
            out.append(f"minzheng_http_request_duration_seconds_bucket{_labels(k + (('le', '+Inf'),))} {h[-1]}")
            out.append(f"minzheng_http_request_duration_seconds_sum{_labels(k)} {_num(round(h[-2], 6))}")
            out.append(f"minzheng_http_request_duration_seconds_count{_labels(k)} {h[-1]}")
        out += ["# HELP minzheng_http_requests_in_flight Requests being handled now (the queue length).",
                "# TYPE minzheng_http_requests_in_flight gauge",
                f"minzheng_http_requests_in_flight {in_flight}",
                "# HELP minzheng_http_requests_in_flight_max Most requests in flight at once since start.",
                "# TYPE minzheng_http_requests_in_flight_max gauge",
                f"minzheng_http_requests_in_flight_max {in_flight_max}"]
        return "\n".join(out) + "\n"


#: The process's one set of request metrics.
REQUESTS = RequestMetrics()
