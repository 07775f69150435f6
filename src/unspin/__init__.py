"""unspin: find the original of a machine-translated or spun news copy, align it, restore names, detect MT.

Public API (everything else is internal)::

    import unspin
    archive = unspin.Archive("news.db")
    archive.add(unspin.read("originals.jsonl.gz"))
    for doc in unspin.read("suspect.txt"):
        report = unspin.check(doc, archive)
        print(report.to_dict())
"""

from . import _moved
from .archive import AddResult, Archive
from .check import Stages, check, check_many
from .detect import mt_score
from .errors import ArchiveError, ConfigError, FetchError, InputError, UnspinError
from .ingest import read
from .match import Attribution, align, find_original
from .records import (
    SCHEMA,
    Alignment,
    Candidate,
    Document,
    Match,
    MTEvidence,
    MTScore,
    NameFix,
    Provenance,
    Report,
    Residue,
    SentencePair,
)
from .scan import ScanResult, ScanSummary, scan, scan_one
from .settings import Settings

_moved.install()  # old import paths (0.1) keep working for one release

__version__ = "0.2.0"

__all__ = [
    "AddResult",
    "Alignment",
    "Archive",
    "ArchiveError",
    "Attribution",
    "Candidate",
    "ConfigError",
    "Document",
    "FetchError",
    "InputError",
    "MTEvidence",
    "MTScore",
    "Match",
    "NameFix",
    "Provenance",
    "Report",
    "Residue",
    "SCHEMA",
    "ScanResult",
    "ScanSummary",
    "SentencePair",
    "Settings",
    "Stages",
    "UnspinError",
    "align",
    "check",
    "check_many",
    "find_original",
    "mt_score",
    "read",
    "scan",
    "scan_one",
]
