"""Errors of the HTTP API: exceptions -> JSON ``{"code", "message"}`` responses with stable codes.

Every error the service answers with has this one shape, FastAPI's own (validation 422, unknown route
404, wrong method 405) included, so a client needs a single error path. ``ERROR_STATUS`` lists every
code with its status; the README's API table is generated from it by hand, keep them in step.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import UnspinError

log = logging.getLogger("unspin.web")

ERROR_STATUS: dict[str, int] = {
    # the request
    "bad_request": 400,  # a body FastAPI cannot read at all
    "validation_error": 422,  # body or parameters do not match the schema (FastAPI's RequestValidationError)
    "bad_input": 422,  # the library could not read the text/HTML (InputError)
    "body_too_large": 413,
    "not_found": 404,  # unknown route
    "original_not_found": 404,
    "no_archive": 404,  # the server runs without an archive
    "method_not_allowed": 405,
    "report_expired": 404,  # a download link from the page after the server forgot the report
    # writing to the archive
    "unauthorized": 401,  # missing or wrong bearer token
    "read_only": 403,  # the server was started without --writable
    "no_token_configured": 403,  # --writable but the token environment variable is empty
    # fetching a URL (unspin.web.fetch.FETCH_CODES)
    "fetch_bad_scheme": 400,
    "fetch_bad_url": 400,
    "fetch_refused_private_address": 403,
    "fetch_too_large": 502,
    "fetch_timeout": 504,
    "fetch_too_many_redirects": 502,
    "fetch_http_status": 502,
    "fetch_unsupported_content": 502,
    "fetch_failed": 502,
    "fetch_error": 502,
    # the service
    "mt_unavailable": 501,  # POST /v1/detect before the MT scorer is installed
    "archive_error": 503,
    "bad_config": 500,
    "internal_error": 500,
}


class ApiError(Exception):
    """An error answered as ``{"code", "message"}`` with the status from ``ERROR_STATUS``."""

    def __init__(self, code: str, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = ERROR_STATUS.get(code, 500)
        self.headers = headers


def from_unspin_error(exc: UnspinError) -> ApiError:
    code = getattr(exc, "code", "unspin_error")
    if code not in ERROR_STATUS:
        code = "internal_error" if code == "unspin_error" else code
    return ApiError(code, str(exc))


def error_response(
    code: str, message: str, status: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": message}, status_code=status or ERROR_STATUS.get(code, 500), headers=headers
    )


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        msg = str(err.get("msg", "invalid"))
        parts.append(f"{loc}: {msg.removeprefix('Value error, ')}")
    more = len(exc.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.code, exc.message, exc.status, exc.headers)

    @app.exception_handler(UnspinError)
    async def _unspin_error(request: Request, exc: UnspinError) -> JSONResponse:
        err = from_unspin_error(exc)
        return error_response(err.code, err.message, err.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response("validation_error", _validation_message(exc), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = {
            "not_found": f"no route {request.method} {request.url.path}; see /docs for the API",
            "method_not_allowed": f"{request.method} is not allowed on {request.url.path}",
            "body_too_large": "the request body is too large",
        }.get(code, str(exc.detail))
        return error_response(code, message, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server log, not to the client.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response("internal_error", "internal error; the server log has the details", 500)
