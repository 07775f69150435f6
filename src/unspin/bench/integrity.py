"""Quote and number integrity benchmark: copies + seeded perturbations -> recall per kind, false-flag rates.

Copies are wmt-dev machine translations (aligned with their human reference by ``align``) and
llm-paraphrase-dev LLM paraphrases. Unperturbed, every flag is false: MT renders a quote honestly in
other words (``paraphrased``), so ``altered`` quotes and ``changed``/``added`` figures there are the
false-flag rates. Perturbed, one edit per copy and kind, seeded: drop or insert a negation or a
qualifier inside a quote, give a quote another speaker named in the article, change a figure's value
or its scale word. A perturbation is found when a check at the edited place reports the right kind.
The words the bench drops and inserts are its own lists, not the checker's lexicon (a bench that perturbs
with the checker's own words measures the lexicon against itself), and only words in their qualifier
sense: "so"/"too"/"far"/"last", modals and "much"/"any" are left out, since dropping "so" from "so we
left" or "would" from "it would be" changes no claim. Recall is reported twice: over all perturbations,
and over those in quotes (figures) that have a counterpart in the original, i.e. whose unperturbed check
is not ``unmatched`` (``added``): an edit inside a quote the original never wrote has no ground truth kind.
Baselines in the same run: quotes differ when their exact (case-folded) string is not a quote of the
original; numbers differ when the digit string is not among the original's digit strings.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..datasets import require_data
from ..datasets.wmt import load_copies, load_originals, read_jsonl, to_document
from ..integrity import check_integrity
from ..integrity.numbers import find_figures
from ..integrity.words import CLASSES
from ..match.align import align
from ..records import Document, Integrity
from ..text.quotes import find_quotes, speaker_surname

KINDS = ("negation-dropped", "negation-added", "qualifier-dropped", "qualifier-added", "speaker-changed",
         "number-changed", "number-scale-changed")
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|do|does|did|has|have|had|must|may|might)\b")
_INSERTED_QUALIFIERS = ("only", "first", "all", "very", "almost")
# What the bench drops: negations, and qualifiers/quantifiers/intensifiers that always qualify a claim.
_DROP_NEGATIONS = ("not", "no", "never", "nobody", "nothing", "none")
_DROP_QUALIFIERS = frozenset(
    "only just first even still already almost nearly barely hardly merely solely mainly mostly partly perhaps "
    "maybe possibly probably likely allegedly reportedly apparently always ever all every each some many most few "
    "several both very extremely really highly totally absolutely completely strongly greatly deeply truly fully "
    "utterly entirely definitely certainly seriously especially particularly significantly".split())
_SCALE_SWAP = {"thousand": "million", "million": "billion", "billion": "million", "trillion": "billion"}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class Perturbed:
    kind: str
    document: Document
    span: tuple[int, int]  # where the edit is, in the perturbed text
    word: str = ""  # the word a quote edit dropped or added (the new speaker's name)


def _edit(doc: Document, start: int, end: int, new: str) -> Document:
    """The copy with text[start:end] replaced; sentences rebuilt (the one holding the edit changes)."""
    text = doc.text[:start] + new + doc.text[end:]
    sentences, pos = [], 0
    for s in doc.sentences:
        k = doc.text.find(s, pos)
        if k < 0:
            return Document(doc.id, text, tuple(re.split(r"(?<=[.!?])\s+", text)))
        if k <= start < k + len(s) or k <= end - 1 < k + len(s):
            s = text[k:k + len(s) + len(new) - (end - start)]
        sentences.append(s)
        pos = k + len(s) - (len(new) - (end - start)) if k <= start < k + len(s) else k + len(s)
    return Document(doc.id, text, tuple(sentences))


def perturb(doc: Document, kind: str, rng: random.Random, names: list[str]) -> Perturbed | None:
    """One seeded edit of ``kind`` in ``doc`` (None when the copy offers no place for it)."""
    text = doc.text
    quotes = find_quotes(text)
    if kind.startswith(("negation", "qualifier", "speaker")):
        rng.shuffle(quotes := list(quotes))
        for q in quotes:
            a, b = q.spans[0]
            body = text[a:b]
            if kind == "negation-dropped":
                hits = [m for m in re.finditer(r"\b(\w+)n['’]t\b|\b(" + "|".join(_DROP_NEGATIONS) + r")\b ?", body, re.I)]
                if hits:
                    m = rng.choice(hits)
                    new = m.group(1) if m.group(1) else ""
                    if m.group(1) and m.group(1).lower() in ("ca", "wo", "sha"):
                        new = {"ca": "can", "wo": "will", "sha": "shall"}[m.group(1).lower()]
                    return Perturbed(kind, _edit(doc, a + m.start(), a + m.end(), new), (a, b), m.group(2) or "n't")
            elif kind == "negation-added":
                m = _AUX.search(body)
                if m:
                    return Perturbed(kind, _edit(doc, a + m.end(), a + m.end(), " not"), (a, b), "not")
            elif kind == "qualifier-dropped":
                hits = [m for m in re.finditer(r"\b(\w+)\b ?", body) if m.group(1).lower() in _DROP_QUALIFIERS]
                if hits:
                    m = rng.choice(hits)
                    return Perturbed(kind, _edit(doc, a + m.start(), a + m.end(), ""), (a, b), m.group(1))
            elif kind == "qualifier-added":
                spots = [m.start() for m in re.finditer(r"(?<= )[a-z]\w+", body)]
                if spots:
                    at, word = rng.choice(spots), rng.choice(_INSERTED_QUALIFIERS)
                    return Perturbed(kind, _edit(doc, a + at, a + at, word + " "), (a, b), word)
            elif kind == "speaker-changed" and q.attribution and speaker_surname(q.speaker):
                sa, sb = q.attribution
                own = speaker_surname(q.speaker) or ""
                others = [n for n in names if n.lower() != own.lower() and n not in q.speaker]
                if others:
                    name = rng.choice(others)
                    return Perturbed(kind, _edit(doc, sa, sb, name), (a, q.spans[-1][1]), name)
        return None
    figures = [f for f in find_figures(text) if f.unit not in ("time", "year")]
    if kind == "number-scale-changed":
        figures = [f for f in figures if f.scale and re.search(r"(thousand|million|billion|trillion)", f.text, re.I)]
    if not figures:
        return None
    f = rng.choice(figures)
    if kind == "number-scale-changed":
        m = re.search(r"(thousand|million|billion|trillion)", f.text, re.I)
        new = f.text[:m.start()] + _SCALE_SWAP[m.group(1).lower()] + f.text[m.end():]
    else:
        m = re.search(r"\d", f.text)
        if m:  # the leading digit moves by one (5,000 -> 6,000), or the figure gains a zero
            d = int(m.group())
            bump = f.text[:m.start()] + str((d % 9) + 1) + f.text[m.end():]
            new = bump if rng.random() < 0.5 else f.text[:m.start()] + m.group() + "0" + f.text[m.end():]
            if d == 0:  # "0.5" -> "00.5" is the same figure: a changed number must change its value
                new = bump
        else:
            return None
    edited = _edit(doc, f.span[0], f.span[1], new)
    return Perturbed(kind, edited, (f.span[0], f.span[0] + len(new)))


def found(result: Integrity, p: Perturbed) -> bool:
    """Whether a check overlapping the edit reports its kind."""
    a, b = p.span
    if p.kind.startswith("number"):
        want = ("scale-changed",) if p.kind == "number-scale-changed" else ("changed", "scale-changed")
        return any(n.copy_span and n.copy_span[0] < b and a < n.copy_span[1] and n.status in want for n in result.numbers)
    head, _, how = p.kind.partition("-")
    kinds = {f"{c}-{how}" for c in CLASSES} if head == "qualifier" else {p.kind}
    if head == "qualifier":
        kinds -= {f"negation-{how}"}
    return any(q.copy_span[0] < b and a < q.copy_span[1] and q.status == "altered"
               and any(k in kinds for k, _ in q.changes) for q in result.quotes)


def paired(result: Integrity, p: Perturbed) -> bool:
    """Whether the unperturbed check of the edited quote (figure) found a counterpart in the original.

    Every edit leaves the text before it in place, so the unperturbed quote (figure) starts where the edit's span does.
    """
    a = p.span[0]
    if p.kind.startswith("number"):
        return any(n.copy_span and n.copy_span[0] == a and n.status != "added" for n in result.numbers)
    return any(q.copy_span[0] == a and q.status != "unmatched" for q in result.quotes)


def drifts(result: Integrity, p: Perturbed) -> bool:
    """Whether a paired edit (``paired`` holds) moves the copy away from the original: a dropped word the original's
    counterpart has, an added word it does not have. Dropping a word the machine translation had added
    brings the copy closer to the original: no drift to find (issue 15: 74 of 260 qualifier drops on a
    wmt-dev sample). Figure edits always change the value: every paired one drifts. A speaker swap drifts
    unless its new name is the one the original writes at that quote (an MT copy that garbled the speaker
    can be "swapped" back to the right one).
    """
    if p.kind.startswith("number"):
        return True
    if p.kind.startswith("speaker"):  # unless the swap hands the quote to the person the original gives it to
        theirs = next((q.original_speaker for q in result.quotes if q.copy_span[0] == p.span[0]), None)
        return (speaker_surname(theirs) or "").casefold() != p.word.casefold()
    counterpart = next(q.original_text or "" for q in result.quotes if q.copy_span[0] == p.span[0])
    has = re.search(r"n['’]t\b" if p.word == "n't" else rf"\b{re.escape(p.word)}\b", counterpart, re.I) is not None
    return has if p.kind.endswith("dropped") else not has


def _norm_quote(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


def baseline_found(p: Perturbed, original: Document) -> bool:
    """Whether the baseline flags the edited quote (exact string) or figure (digit string)."""
    a, b = p.span
    if p.kind.startswith("number"):
        theirs = set(_DIGITS.findall(original.text))
        return any(m.group() not in theirs for m in _DIGITS.finditer(p.document.text) if m.start() < b and a < m.end())
    theirs_q = {_norm_quote(q.text) for q in find_quotes(original.text)}
    return any(_norm_quote(q.text) not in theirs_q for q in find_quotes(p.document.text)
               if q.spans[0][0] < b and a < q.spans[-1][1])


def baseline_quotes(copy: Document, original: Document) -> tuple[int, int]:
    """(quotes, quotes whose exact case-folded string is not a quote of the original)."""
    theirs = {_norm_quote(q.text) for q in find_quotes(original.text)}
    mine = [_norm_quote(q.text) for q in find_quotes(copy.text)]
    return len(mine), sum(m not in theirs for m in mine)


def baseline_numbers(copy: Document, original: Document) -> tuple[int, int]:
    """(digit strings, digit strings the original does not contain)."""
    theirs = set(_DIGITS.findall(original.text))
    mine = _DIGITS.findall(copy.text)
    return len(mine), sum(m not in theirs for m in mine)


def _names(doc: Document) -> list[str]:
    """People of the copy a speaker swap may hand a quote to: speakers and "Mr./Ms." names that the copy writes as
    a person somewhere, after a title or a capitalised first name ("Mr. Dazuo", "Khaled al-Mishri"), and never in
    lower case ("Nagano Prefecture" / "prefectures"). The bench's own test, not the checker's: before it, a
    tenth of the swaps on wmt-dev handed the quote to "It", "President" or "Prefecture", which the speaker
    patterns had read as names ("…, chief It said").
    """
    found_ = {s for q in find_quotes(doc.text) if (s := speaker_surname(q.speaker))}
    found_ |= set(re.findall(r"(?<=Mr\. |Ms\. )[A-Z]\w+", doc.text))
    return sorted(n for n in found_ if re.search(rf"(?:\b(?:Mr|Ms|Mrs|Dr)\.? |(?<![.!?] )\b[A-Z][a-z]+ ){re.escape(n)}\b", doc.text)
                  and not re.search(rf"\b{re.escape(n.lower())}", doc.text))


def run_set(pairs: Iterator[tuple[Document, Document]], label: str, seed: int, log: Callable[[str], None]) -> list[dict]:
    """Rows for one data set: unperturbed rates, then recall per perturbation kind (unspin and baseline)."""
    quotes: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    base: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    base_hit: Counter[str] = Counter()
    tried_paired: Counter[str] = Counter()
    hit_paired: Counter[str] = Counter()
    tried_drift: Counter[str] = Counter()
    hit_drift: Counter[str] = Counter()
    copies = 0
    for copy, original in pairs:
        copies += 1
        alignment = align(copy, original)
        result = check_integrity(copy, original, alignment)
        quotes.update(q.status for q in result.quotes)
        numbers.update(n.status for n in result.numbers if n.copy_span is not None)
        nq, fq = baseline_quotes(copy, original)
        nn, fn = baseline_numbers(copy, original)
        base.update(quotes=nq, quote_flags=fq, numbers=nn, number_flags=fn)
        rng = random.Random(f"{seed}:{copy.id}")
        names = _names(copy)
        for kind in KINDS:
            p = perturb(copy, kind, rng, names)
            if p is None:
                continue
            tried[kind] += 1
            got = found(check_integrity(p.document, original, align(p.document, original)), p)
            hit[kind] += got
            if paired(result, p):
                tried_paired[kind] += 1
                hit_paired[kind] += got
                if drifts(result, p):
                    tried_drift[kind] += 1
                    hit_drift[kind] += got
            base_hit[kind] += baseline_found(p, original)
        if copies % 500 == 0:
            log(f"{label}: {copies} copies")
    nq = sum(quotes.values())
    nn = sum(numbers.values())
    rows = [{
        "set": label, "measure": "unperturbed quotes", "n": nq,
        "verbatim": quotes["verbatim"] / nq if nq else None, "paraphrased": quotes["paraphrased"] / nq if nq else None,
        "altered (false flag)": quotes["altered"] / nq if nq else None, "unmatched": quotes["unmatched"] / nq if nq else None,
        "baseline flag": base["quote_flags"] / base["quotes"] if base["quotes"] else None,
    }, {
        "set": label, "measure": "unperturbed figures", "n": nn, "verbatim": numbers["same"] / nn if nn else None,
        "altered (false flag)": (numbers["changed"] + numbers["scale-changed"] + numbers["unit-changed"]) / nn if nn else None,
        "unmatched": numbers["added"] / nn if nn else None,
        "baseline flag": base["number_flags"] / base["numbers"] if base["numbers"] else None,
    }]
    for kind in KINDS:
        rows.append({"set": label, "measure": f"perturbation {kind}", "n": tried[kind],
                     "recall": hit[kind] / tried[kind] if tried[kind] else None,
                     "n paired": tried_paired[kind],
                     "recall (paired)": hit_paired[kind] / tried_paired[kind] if tried_paired[kind] else None,
                     "n drift": tried_drift[kind],
                     "recall (drift)": hit_drift[kind] / tried_drift[kind] if tried_drift[kind] else None,
                     "baseline recall": base_hit[kind] / tried[kind] if tried[kind] else None})
    return rows


def wmt_pairs(data: str | Path, limit: int | None, seed: int) -> Iterator[tuple[Document, Document]]:
    root = require_data(data, "wmt-dev data")
    originals = {d.id: d for d in load_originals(root)}
    copies = load_copies(root)
    if limit is not None and limit < len(copies):
        copies = sorted(random.Random(seed).sample(copies, limit), key=lambda c: c.document.id)
    for c in copies:
        yield c.document, originals[c.original_id]


def llm_pairs(data: str | Path, limit: int | None, seed: int) -> Iterator[tuple[Document, Document]]:
    root = require_data(data, "llm-paraphrase-dev data")
    originals = {r["id"]: to_document(r) for r in read_jsonl(root / "originals.jsonl.gz")}
    rows = list(read_jsonl(root / "copies.jsonl.gz"))
    if limit is not None and limit < len(rows):
        rows = random.Random(seed).sample(rows, limit)
    for r in rows:
        yield to_document(r), originals[r["original_id"]]


def seed_rows(seed: str | Path, original: str | Path) -> list[dict]:
    """The seed against its composed original: the altered quote, the restored terms and names."""
    from ..ingest import read
    from ..names.restore import restore

    copy = next(iter(read(require_data(seed, "the seed copy"))))
    orig = next(iter(read(require_data(original, "the seed's composed original"))))
    result = check_integrity(copy, orig, align(copy, orig))
    fixes, _ = restore(copy, original=orig)
    pairs = {(f.before, f.after) for f in fixes}
    america = [q for q in result.quotes if q.copy_text.startswith("America does not mean")]
    want = {
        "'America first' quote altered (qualifier dropped: first)":
            bool(america) and america[0].status == "altered" and ("qualifier-dropped", "first") in america[0].changes,
        "peace through power -> peace through strength": ("peace through power", "peace through strength") in pairs,
        "Headquarters for War Control -> war-fighting headquarters":
            ("Headquarters for War Control", "war-fighting headquarters") in pairs,
        "General Nakatani -> Gen Nakatani": ("General", "Gen") in pairs or ("General", "Gen.") in pairs,
        "Higth -> Hegseth (never Hesgeth)": ("Higth", "Hegseth") in pairs and ("Higth", "Hesgeth") not in pairs,
    }
    return [{"set": "seed", "measure": k, "found": "yes" if v else "NO"} for k, v in want.items()]
