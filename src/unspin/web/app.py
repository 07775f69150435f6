"""The ASGI app: HTTP requests -> Service calls -> JSON reports and the analyst page (routes only).

Routes stay thin: parse, call ``Service`` (which calls the library), shape the answer. Sync route
functions run in the server's thread pool, so a slow check or fetch never blocks the event loop.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Header, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..errors import UnspinError
from ..records import Report, detect_dict
from ..report.render import render_html
from ..settings import Settings
from .errors import ERROR_STATUS, ApiError, from_unspin_error, install_error_handlers, log
from .middleware import REPORT_CSP, BodyLimit, SecurityHeaders
from .models import (
    AddOut,
    CheckIn,
    DetectOut,
    ErrorOut,
    HealthOut,
    OriginalOut,
    OriginalsIn,
    ReportOut,
)
from .service import CopyInput, Service, ServiceLimits
from .view import HEAT_LEVELS, build_view, safe_href

HERE = Path(__file__).parent
KINDS = ("auto", "text", "html", "url")
_URL_ONLY = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("unspin")
    except Exception:  # running from a source tree without an installed distribution
        return "0+unknown"


def _errors(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error codes (grouped by status)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        status = ERROR_STATUS[code]
        entry = out.setdefault(status, {"model": ErrorOut, "description": ""})
        entry["description"] = ", ".join(filter(None, [entry["description"], f"`{code}`"]))
    return out


_FETCH = tuple(c for c in ERROR_STATUS if c.startswith("fetch_"))
_BODY = ("bad_request", "validation_error", "body_too_large")  # any route that reads a JSON body


def page_templates() -> Jinja2Templates:
    """The page's Jinja2 templates (``.html``: autoescape on, so untrusted text is always escaped)."""
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(HEAT_LEVELS=HEAT_LEVELS, safe_href=safe_href)
    return templates


def _guess_kind(value: str) -> str:
    stripped = value.strip()
    if _URL_ONLY.match(stripped):
        return "url"
    if stripped.startswith("<"):
        return "html"
    return "text"


def _filename(report: Report, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", report.copy.id)[:60].strip("-.") or "copy"
    return f"unspin-report-{stem}.{suffix}"


def create_app(
    archive_path: str | Path | None = None,
    *,
    settings: Settings | None = None,
    token: str | None = None,
    allow_private_fetch: bool = False,
    read_only: bool = True,
    limits: ServiceLimits | None = None,
) -> FastAPI:
    """Build the service over an archive (or none: then reports carry no original).

    Args:
        archive_path: the SQLite archive; ``None`` runs without one.
        settings: pipeline settings (defaults when None).
        token: bearer token for ``POST /v1/originals``; writes are refused without one.
        allow_private_fetch: let URL checks reach loopback/private addresses (operator's choice).
        read_only: refuse writes to the archive (the default).
        limits: request size, fetch size/time limits and the fetch allow-list (defaults when None).
    """
    service = Service(
        archive_path,
        settings=settings,
        token=token,
        allow_private_fetch=allow_private_fetch,
        read_only=read_only,
        limits=limits,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        lifespan=lifespan,
        title="unspin",
        version=_version(),
        description=(
            "Find the original of a machine-translated or spun news copy, align it, restore mangled names "
            "and tell machine translation. Errors are JSON `{code, message}` with a stable `code`."
        ),
    )
    app.state.service = service
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=service.limits.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = page_templates()

    # --- API ----------------------------------------------------------------------------------------

    @app.post(
        "/v1/check",
        summary="Check a copy: find its original, align, list residue, provenance, fixes and MT likelihood",
        response_class=JSONResponse,
        responses={200: {"model": ReportOut}, **_errors(*_BODY, "bad_input", *_FETCH)},
        tags=["check"],
    )
    def post_check(body: CheckIn) -> JSONResponse:
        report = service.check(CopyInput(text=body.text, html=body.html, url=body.url, id=body.id))
        return JSONResponse(report.to_dict())

    @app.post(
        "/v1/detect",
        summary="Machine-translation / spinning likelihood of a text, without looking for its original",
        response_class=JSONResponse,
        responses={200: {"model": DetectOut}, **_errors(*_BODY, "bad_input", "mt_unavailable", *_FETCH)},
        tags=["check"],
    )
    def post_detect(body: CheckIn) -> JSONResponse:
        doc, mt = service.detect(CopyInput(text=body.text, html=body.html, url=body.url, id=body.id))
        from ..detect import DEFAULT_THRESHOLD

        return JSONResponse(detect_dict(doc, mt, DEFAULT_THRESHOLD))

    @app.get(
        "/v1/originals/{id}",
        summary="One original from the archive",
        response_model=OriginalOut,
        responses=_errors("original_not_found", "no_archive", "validation_error"),
        tags=["archive"],
    )
    def get_original(id: Annotated[str, PathParam(min_length=1, max_length=200)]) -> JSONResponse:
        return JSONResponse(service.get_original(id).to_dict())

    @app.post(
        "/v1/originals",
        summary="Add originals to the archive (bearer token; the server must run with --writable)",
        response_model=AddOut,
        responses=_errors(*_BODY, "unauthorized", "read_only", "no_token_configured", "no_archive"),
        tags=["archive"],
        openapi_extra={"security": [{"bearer": []}]},
    )
    def post_originals(body: OriginalsIn, authorization: Annotated[str | None, Header()] = None) -> AddOut:
        service.check_authorized(authorization)
        docs = [Service.original_document(o.model_dump(exclude_none=True)) for o in body.originals]
        result = service.add_originals(docs)
        return AddOut(
            added=result.added,
            skipped_existing_id=result.skipped_existing_id,
            skipped_duplicate_content=result.skipped_duplicate_content,
            errors=list(result.errors),
            originals=service.count() or 0,
        )

    @app.get("/v1/health", summary="Liveness and what this server can do", response_model=HealthOut, tags=["service"])
    def get_health() -> HealthOut:
        return HealthOut(
            status="ok",
            version=app.version,
            archive=service.archive_path is not None,
            originals=service.count(),
            read_only=service.read_only,
            writes_enabled=service.writes_enabled,
            mt_available=service.mt_available,
        )

    # --- the page -----------------------------------------------------------------------------------

    def page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("input", "")
        context.setdefault("kind", "auto")
        context.setdefault("kinds", KINDS)
        context.setdefault("archive", service.archive_path is not None)
        return templates.TemplateResponse(request, "page.html", context, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def get_page(request: Request) -> HTMLResponse:
        return page(request)

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def post_page(request: Request) -> HTMLResponse:
        form = await request.form()
        value = str(form.get("input") or "")
        kind = str(form.get("kind") or "auto")
        if kind not in KINDS:
            kind = "auto"
        if not value.strip():
            return page(request, 422, kind=kind, error=("validation_error", "paste the copy's text or its URL first"))
        chosen = _guess_kind(value) if kind == "auto" else kind
        # A fetched copy is named by its URL; a pasted one is just "copy".
        given = CopyInput(
            **{chosen: value.strip() if chosen == "url" else value}, id=None if chosen == "url" else "copy"
        )
        try:
            report = await run_in_threadpool(service.check, given)
        except ApiError as exc:
            return page(request, exc.status, input=value, kind=kind, error=(exc.code, exc.message))
        except UnspinError as exc:
            err = from_unspin_error(exc)
            return page(request, err.status, input=value, kind=kind, error=(err.code, err.message))
        except Exception:  # a bug, not the analyst's fault: keep their text, log the traceback
            log.exception("unhandled error while checking from the page")
            message = "internal error; the server log has the details"
            return page(request, 500, input=value, kind=kind, error=("internal_error", message))
        key = service.keep(report)
        return page(
            request, input=value, kind=kind, report=report.to_dict(), view=build_view(report), key=key, chosen=chosen
        )

    @app.get("/reports/{key}.json", include_in_schema=False)
    def get_report_json(key: str) -> JSONResponse:
        report = service.kept(key)
        disposition = f'attachment; filename="{_filename(report, "json")}"'
        return JSONResponse(report.to_dict(), headers={"Content-Disposition": disposition})

    @app.get("/reports/{key}.html", include_in_schema=False)
    def get_report_html(key: str, download: bool = False) -> Response:
        report = service.kept(key)
        headers = {"Content-Security-Policy": REPORT_CSP}
        if download:
            headers["Content-Disposition"] = f'attachment; filename="{_filename(report, "html")}"'
        return HTMLResponse(render_html(report), headers=headers)

    app.openapi_schema = None  # built lazily by FastAPI; the bearer scheme is added below

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
                "type": "http",
                "scheme": "bearer",
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
