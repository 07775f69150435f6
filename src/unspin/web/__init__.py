"""HTTP service and analyst page: (archive path, settings) -> an ASGI app (FastAPI), run by `unspin serve`."""

from __future__ import annotations

from .app import create_app
from .service import ServiceLimits

__all__ = ["ServiceLimits", "create_app"]
