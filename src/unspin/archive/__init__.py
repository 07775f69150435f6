"""The archive of originals: Documents -> one SQLite file (store + retrieval index) -> candidates, originals.

- ``store``     ``Archive``: add (incremental, idempotent), get, search, document frequencies, learned names
- ``backends``  the ``Retriever`` protocol and its implementations (SQLite FTS5, numpy postings in the file,
                in-memory), chosen by name
"""

from . import backends
from .store import AddResult, Archive, StoredOriginal, content_hash

__all__ = ["AddResult", "Archive", "StoredOriginal", "backends", "content_hash"]
