"""The UnspinError tree; every message says what to do next.

    UnspinError
    ├── InputError            an input item cannot be read (bad encoding, binary, truncated record)
    ├── ArchiveError          the archive file is missing, locked, or not an unspin archive
    ├── ConfigError           a setting, option or backend name is wrong
    └── FetchError            a URL could not be fetched, or fetching it is refused (private address)
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""

    code = "unspin_error"


class InputError(UnspinError):
    code = "bad_input"


class ArchiveError(UnspinError):
    code = "archive_error"


class ConfigError(UnspinError):
    code = "bad_config"


class FetchError(UnspinError):
    code = "fetch_error"
