"""Drive a page on loopback from concurrent clients, each on its own keep-alive connection
and signed in with its own session, and time every response."""

import http.client
import math
import queue
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def fetch(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes, dict]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def check(path: str, status: int, body: bytes, markers: tuple[str, ...]) -> str | None:
    """What is wrong with a response, or None: it must be a 200 holding every marker."""
    if status != 200:
        return f"{path} answered {status}: {body[:200]!r}"
    text = body.decode("utf-8", "replace")
    absent = [m for m in markers if m not in text]
    return f"{path} lacks {absent!r} ({len(body)} bytes)" if absent else None


def drive(
    port: int,
    path: str,
    *,
    sessions: list[str],
    markers: tuple[str, ...],
    requests: int,
    clients: int,
    headers: dict,
    cookie: str = "sessionid",
) -> Run:
    """`requests` GETs of the path shared among `clients` threads; client i signs in with
    sessions[i]. Every response is checked."""
    todo: queue.Queue[int] = queue.Queue()
    for i in range(requests):
        todo.put(i)
    run, lock = Run(), threading.Lock()

    def client(session: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        sent = {**headers, "Cookie": f"{cookie}={session}"}
        while True:
            try:
                todo.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            try:
                status, body, _ = fetch(conn, path, sent)
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status, body = 0, repr(error).encode()
            elapsed = (time.perf_counter() - started) * 1000
            problem = check(path, status, body, markers)
            with lock:
                run.times_ms.append(elapsed)
                if problem:
                    run.errors.append(problem)
        conn.close()

    threads = [
        threading.Thread(target=client, args=(sessions[i % len(sessions)],)) for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return run
