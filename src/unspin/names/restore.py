"""Name restoration: (copy Document, original | siblings | lexicon) -> NameFix tuple; (text, fixes) -> restored text.

Sources are used in the order original -> siblings -> lexicon (``names.sources``); each fix names its
source and the evidence behind it. Precision first: a name no source supports is left alone, and a
spelling a source confirms is never changed by a later one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .lexicon import Lexicon
from .from_lexicon import from_lexicon, propagate
from .phrases import terms_from_original, terms_from_siblings
from .sources import CopyView, Proposal, from_original, from_siblings
from ..text.normalize import sentence_spans, split_sentences
from .keys import words
from ..records import Alignment, Document, NameFix
from ..settings import Settings

__all__ = ["apply_fixes", "restore", "restore_names"]


def _view(copy: Document) -> CopyView:
    # A copy built from sentences only (text "") is read as its sentences one per line, the way
    # ingest.from_text builds such a Document.
    text = copy.text or "\n".join(copy.sentences)
    sentences = copy.sentences or split_sentences(text)
    spans = sentence_spans(text, sentences)
    located = tuple(text[a:b] if a >= 0 else "" for a, b in spans)
    return CopyView(
        text=text,
        offsets=tuple(a for a, _ in spans),
        sentences=located,
        tokens=tuple(words(s) for s in located),
    )


def restore_names(
    copy: Document,
    *,
    original: Document | None = None,
    alignment: Alignment | None = None,
    siblings: Sequence[tuple[Document, Alignment]] = (),
    lexicon: Lexicon | None = None,
    settings: Settings | None = None,
) -> tuple[NameFix, ...]:
    """Find the names a copy mangled and what they really were.

    Args:
        copy: the copy; fix spans are character offsets into ``copy.text``.
        original: the copy's original, when the archive found it.
        alignment: ``align(copy, original)``; computed here when only ``original`` is given.
        siblings: other copies of the same original, each with ``align(copy, sibling)``.
        lexicon: known spellings (``Lexicon.default()``: wordfreq plus learned names and gazetteers).
            ``None`` uses no lexicon. Build it once and pass it to every call.
        settings: alignment settings when the alignment is computed here.

    Returns:
        Fixes in text order; adjacent restored words of one name form one fix ("Iowo Jimma" ->
        "Iwo Jima"); a quoted term the copy reworded is one fix ("peace through power" -> "peace
        through strength", ``names.phrases``), and wins over name fixes inside it.

    Examples:
        >>> copy = Document("c", "Mr. Higseth met General Nakatani.", ("Mr. Higseth met General Nakatani.",))
        >>> orig = Document("o", "Mr. Hegseth met Gen Nakatani.", ("Mr. Hegseth met Gen Nakatani.",))
        >>> [(f.before, f.after, f.source) for f in restore_names(copy, original=orig)]
        [('Higseth', 'Hegseth', 'original'), ('General', 'Gen', 'original')]
        >>> lex = Lexicon(words={"hegseth": 1.3e-8, "shigeru": 2.8e-7, "ishiba": 1e-8, "ritsumeikan": 1.5e-8})
        >>> text = "Mr. Higseth met Shigro Ishiba at Ritzomican."
        >>> [(f.span, f.after) for f in restore_names(Document("c", text, (text,)), lexicon=lex)]
        [((4, 11), 'Hegseth'), ((16, 22), 'Shigeru'), ((33, 43), 'Ritsumeikan')]

        A lexicon alone fixes a copy only when several of its unknown names are near known ones
        (one lone near miss is more often a name the lexicon lacks):

        >>> restore_names(copy, lexicon=lex)
        ()
    """
    view = _view(copy)
    terms: list[NameFix] = []
    if original is not None:
        if alignment is None:
            from ..match.align import align

            alignment = align(copy, original, settings)
        from_original(view, original, alignment)
        terms = terms_from_original(view, original, alignment)
    if siblings:
        from_siblings(view, siblings, lexicon)
        if not terms:
            terms = terms_from_siblings(view, siblings)
    if lexicon is not None:
        from_lexicon(view, lexicon)
    propagate(view, lexicon)
    names = [f for f in _merge(view, view.decided.values())
             if not any(t.span[0] < f.span[1] and f.span[0] < t.span[1] for t in terms)]
    return tuple(sorted(names + terms, key=lambda f: f.span))


def restore(
    copy: Document,
    *,
    original: Document | None = None,
    siblings: Sequence[Document] = (),
    lexicon: Lexicon | None = None,
    settings: Settings | None = None,
) -> tuple[tuple[NameFix, ...], str]:
    """Align the copy with its original and siblings, restore names, and apply the fixes.

    Args:
        copy: the copy.
        original: its original, if known.
        siblings: other copies of the same original (aligned with the copy here).
        lexicon: known spellings, or None.
        settings: alignment settings.

    Returns:
        (fixes, restored text).

    Examples:
        >>> copy = Document("c", "Mr. Higseth spoke.", ("Mr. Higseth spoke.",))
        >>> sibs = [Document(f"s{n}", "Mr. Hegseth spoke.", ("Mr. Hegseth spoke.",)) for n in range(3)]
        >>> restore(copy, siblings=sibs)[1]
        'Mr. Hegseth spoke.'
    """
    from ..match.align import align

    aligned = [(s, align(copy, s, settings)) for s in siblings if s.sentences and s.id != copy.id]
    fixes = restore_names(copy, original=original, siblings=aligned, lexicon=lexicon, settings=settings)
    return fixes, apply_fixes(copy.text or "\n".join(copy.sentences), fixes)


def _merge(view: CopyView, proposals: Iterable[Proposal]) -> list[NameFix]:
    """Token proposals -> NameFixes; adjacent words of one name from one source become one fix."""
    ordered = sorted(proposals, key=lambda p: (p.sentence, p.token))
    fixes: list[NameFix] = []
    group: list[Proposal] = []

    def flush() -> None:
        if not group:
            return
        i, toks, base = group[0].sentence, view.tokens[group[0].sentence], view.offsets[group[0].sentence]
        start, end = toks[group[0].token].start, toks[group[-1].token].end
        before = view.sentences[i][start:end]
        after = before
        for p in reversed(group):  # right to left keeps the earlier offsets valid
            t = toks[p.token]
            after = after[: t.start - start] + p.after + after[t.end - start :]
        evidence = group[0].evidence if len({p.evidence for p in group}) == 1 else " | ".join(dict.fromkeys(p.evidence for p in group))
        fixes.append(NameFix((base + start, base + end), before, after, group[0].source,
                             min(p.confidence for p in group), evidence))
        group.clear()

    for p in ordered:
        if group:
            last = group[-1]
            toks = view.tokens[p.sentence]
            gap = view.sentences[p.sentence][toks[last.token].end : toks[p.token].start] if p.sentence == last.sentence else None
            if not (p.token == last.token + 1 and gap in (" ", "-") and p.source == last.source):
                flush()
        group.append(p)
    flush()
    return fixes


def apply_fixes(text: str, fixes: Iterable[NameFix]) -> str:
    """The text with each fix's span replaced by its ``after`` (fixes whose span no longer holds ``before`` are skipped).

    Examples:
        >>> fix = NameFix((4, 11), "Higseth", "Hegseth", "lexicon", 0.9, "...")
        >>> apply_fixes("Mr. Higseth met Gen Nakatani.", [fix])
        'Mr. Hegseth met Gen Nakatani.'
    """
    out: list[str] = []
    cursor = 0
    for fix in sorted(fixes, key=lambda f: (f.span[0], -f.span[1])):  # of two overlapping, the longer wins
        start, end = fix.span
        if start < cursor or text[start:end] != fix.before:
            continue  # overlapping, or made for another version of the text
        out.append(text[cursor:start])
        out.append(fix.after)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
