"""`unspin serve` and `unspin bench serve`: options -> a uvicorn server / a load table in BENCHMARKS.md."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ._app import app, bench_app


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@app.command("serve")
def serve(
    archive: Path | None = typer.Option(
        None, "--archive", "-a", help="Archive of originals (SQLite file); without one no original is looked for."
    ),
    host: str = typer.Option("127.0.0.1", help="Address to listen on; keep 127.0.0.1 unless a proxy sits in front."),
    port: int = typer.Option(8000, help="Port to listen on."),
    token_env: str = typer.Option(
        "UNSPIN_TOKEN", help="Environment variable holding the bearer token for POST /v1/originals."
    ),
    allow_private_fetch: bool = typer.Option(
        False, "--allow-private-fetch", help="Let URL checks fetch from loopback/private/link-local addresses."
    ),
    writable: bool = typer.Option(False, "--writable", help="Accept POST /v1/originals (with the token)."),
    settings: Path | None = typer.Option(None, help="TOML file with pipeline settings."),
) -> None:
    """Run the HTTP API and the analyst page (FastAPI + uvicorn); read-only unless --writable."""
    import uvicorn

    from ..errors import UnspinError
    from ..settings import Settings
    from ..web import create_app

    try:
        application = create_app(
            archive,
            settings=Settings.from_toml(settings) if settings else None,
            token=os.environ.get(token_env) or None,
            allow_private_fetch=allow_private_fetch,
            read_only=not writable,
        )
    except UnspinError as exc:
        raise _fail(exc) from exc
    uvicorn.run(application, host=host, port=port, log_level="info")


@bench_app.command("serve")
def bench_serve(
    archive: Path | None = typer.Option(
        None, "--archive", "-a", help="Archive the server checks against (default: a temporary one from --originals)."
    ),
    originals: Path | None = typer.Option(
        None, help="Originals for the temporary archive (default: tests/data/sample/originals.jsonl, as `unspin demo`)."
    ),
    copies: Path = typer.Option(
        Path("tests/data/sample/copies.jsonl"), help="Copies to send, round-robin (any input unspin reads)."
    ),
    clients: str = typer.Option("1,4,16", help="Concurrent client counts, comma-separated."),
    requests: int = typer.Option(200, help="Most requests per client count."),
    seconds: float = typer.Option(20.0, help="Most seconds per client count."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
) -> None:
    """Load-test POST /v1/check on a real uvicorn over loopback at 1, 4 and 16 concurrent clients."""
    from ..bench.output import write_section
    from ..errors import UnspinError
    from ..bench.serve import run_bench

    try:
        rows, notes = run_bench(archive, originals, copies, [int(c) for c in clients.split(",")], requests, seconds)
    except UnspinError as exc:
        raise _fail(exc) from exc
    write_section("Service: POST /v1/check over loopback", rows, notes=notes, out=out)
