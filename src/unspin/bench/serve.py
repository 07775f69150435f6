"""Load benchmark of the service: (archive, copies, client counts) -> rows of requests/s and p50/p95 latency.

A real uvicorn runs in a subprocess on 127.0.0.1; this process drives ``POST /v1/check`` with N
concurrent clients (asyncio + httpx), each level bounded by a request count and a time limit. Server
and clients share the machine, so the figures are for loopback on this box, not for a network.
"""

from __future__ import annotations

import asyncio
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from ..errors import ConfigError

READY_TIMEOUT = 60.0  # seconds for the server to answer /v1/health (imports + archive open)
SAMPLE_ORIGINALS = Path("tests/data/sample/originals.jsonl")  # what `unspin demo` builds its archive from
WARMUP_REQUESTS = 3  # the first checks load lazy parts (sentence splitter, models); not measured


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the server binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    args: Sequence[str], port: int, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``unspin serve`` with ``args`` on 127.0.0.1:port and wait until /v1/health answers.

    ``env`` adds environment variables (e.g. the token variable named by ``--token-env``).
    """
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "unspin", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ConfigError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2.0).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(proc)
    raise ConfigError(
        f"the server did not answer within {READY_TIMEOUT:g} s:\n{log.read_text(errors='replace')[-2000:]}"
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (by its own process handle), politely first."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


async def _drive(
    url: str, bodies: Sequence[dict[str, str]], clients: int, max_requests: int, max_seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    async with httpx.AsyncClient(timeout=60.0, limits=httpx.Limits(max_connections=clients)) as client:
        for i in range(WARMUP_REQUESTS):
            await client.post(url, json=bodies[i % len(bodies)])
        start = time.perf_counter()
        deadline = start + max_seconds

        async def worker() -> None:
            nonlocal issued, errors
            while issued < max_requests and time.perf_counter() < deadline:
                body = bodies[issued % len(bodies)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    resp = await client.post(url, json=body)
                    ok = resp.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "requests/s": len(latencies) / elapsed if elapsed > 0 else float("nan"),
        "p50 ms": _percentile(latencies, 0.50) * 1000,
        "p95 ms": _percentile(latencies, 0.95) * 1000,
        "seconds": elapsed,
    }


def run_bench(
    archive: Path | None,
    originals: Path | None,
    copies: Path,
    client_counts: Sequence[int],
    max_requests: int,
    max_seconds: float,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Start a server, drive it at each client count, stop it; return the table rows and notes."""
    from .. import ingest
    from ..archive.store import Archive

    bodies = [{"text": d.text, "id": d.id} for d in ingest.read(copies) if d.text.strip()]
    if not bodies:
        raise ConfigError(f"no copies with text in {copies}")
    with tempfile.TemporaryDirectory(prefix="unspin-bench-serve-") as tmp:
        if archive is None:
            source = originals or SAMPLE_ORIGINALS
            if not source.exists():
                raise ConfigError(f"{source} not found; run from the repository root or pass --archive/--originals")
            archive = Path(tmp) / "bench.db"
            with Archive(archive) as a:
                a.add(ingest.read(source))
        with Archive(archive, readonly=True) as a:
            size = len(a)
        load = os.getloadavg()[0]  # other work on the box skews the figures; say how busy it was
        port = free_port()
        proc = start_server(["--archive", str(archive)], port, Path(tmp) / "server.log")
        try:
            url = f"http://127.0.0.1:{port}/v1/check"
            rows = [asyncio.run(_drive(url, bodies, n, max_requests, max_seconds)) for n in client_counts]
        finally:
            stop_server(proc)
    notes = [
        f"one uvicorn worker on 127.0.0.1 (subprocess); archive of {size:,} originals; "
        f"{len(bodies)} distinct copies sent round-robin",
        f"each level stops after {max_requests} requests or {max_seconds:g} s; "
        f"{WARMUP_REQUESTS} warm-up requests not counted",
        f"server and clients share this machine's {os.cpu_count()} cores (1-minute load average {load:.1f} at start)",
    ]
    return rows, notes
