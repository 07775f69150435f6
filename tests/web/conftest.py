"""Fixtures for the service tests: a real archive of small originals and the app over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_support import ORIGINALS, originals

from unspin.archive.store import Archive


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real SQLite archive holding ORIGINALS (read-only use: do not add to it)."""
    path = tmp_path_factory.mktemp("archive") / "originals.db"
    with Archive(path) as archive:
        result = archive.add(originals())
    assert result.added == len(ORIGINALS), result
    return path


@pytest.fixture(scope="session")
def app(archive_path: Path):
    from unspin.web import create_app

    return create_app(archive_path)


@pytest.fixture
def anyio_backend() -> str:
    """The async tests run on asyncio (anyio's pytest plugin)."""
    return "asyncio"
