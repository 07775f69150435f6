"""unspin: find the original of a machine-translated or spun news copy, align it, restore names, detect MT.

Public API (everything else is internal)::

    import unspin
    archive = unspin.Archive("news.db")
    archive.add(unspin.read("originals.jsonl.gz"))
    for doc in unspin.read("suspect.txt"):
        report = unspin.check(doc, archive)
        print(report.to_dict())
"""

from .align import align
from .archive import AddResult, Archive
from .check import Stages, check, check_many
from .errors import ArchiveError, ConfigError, FetchError, InputError, UnspinError
from .ingest import read
from .match import Attribution, find_original
from .mtscore import mt_score
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

__version__ = "0.1.0"

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
