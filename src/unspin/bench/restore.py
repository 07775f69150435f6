"""Name-restoration benchmark: wmt-dev copies + human references -> fixes, precision, recall per source mode.

For each copy (one MT system's output of a WMT document) the gold is the human reference sentence
aligned to each copy sentence (WMT segments are 1:1). Per source mode:

* original: ``restore_names(copy, original=reference, alignment=align(copy, reference))``;
* siblings: the reference withheld; the other systems' outputs of the same document are siblings,
  each aligned with ``align``;
* lexicon: nothing of the document known; ``Lexicon.default()`` plus the names learned from every
  other original of the set.

Name tokens of a reference sentence: capitalised, non-initial words that are not titles. One is
*missing* when the copy sentence does not contain it, and *mangled* when the copy sentence writes a
variant of it instead: a capitalised word absent from the reference, with the same first letter,
plain (unfolded) Indel similarity >= 0.6, neither word inside the other ("Japan"/"Japanese",
"Yama"/"Moriyama"), and not, with it, a pair of established English words (Zipf >= 2.5 both:
"Spanish"/"Spaniards", "Ministry"/"Minister"). A fix is *correct* when every word it writes is in
the reference sentence and no word it replaces is; a replaced word that the reference contains is a
*correct token wrongly changed*. Recall = mangled tokens present in the restored sentence / mangled
tokens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ..match.align import align
from ..names.lexicon import Lexicon, learn_names
from ..names.restore import apply_fixes, restore_names
from ..names.keys import fold, is_name_like, is_title, words
from ..names.sources import english_zipf
from ..text.normalize import sentence_spans
from ..records import Alignment, Document, NameFix
from ..datasets import require_data
from ..datasets.wmt import BenchCopy, load_copies, load_originals

MODES = ("original", "siblings", "lexicon")
# Gold "spelled differently": plain Indel similarity of the lowercase words. Deliberately not the
# restorer's own transliteration-folded similarity, so that recall is not measured by its own yardstick.
GOLD_VARIANT_SIMILARITY = 0.6
# Two words both at least this common in English (Zipf 2.5: "Centrist", "Spaniards", "Supervisory")
# are different words, not one name spelled two ways; names rarer than that stay in the gold
# ("Toyko"/"Tokyo", "Shoko"/"Shoku", "Ohtani"/"Otani").
ESTABLISHED_ZIPF = 2.5


@dataclass(slots=True)
class Tally:
    """Counts for one source mode."""

    copies: int = 0
    fixes: int = 0
    correct: int = 0
    wrongly_changed: int = 0
    name_tokens: int = 0
    missing: int = 0
    mangled: int = 0
    restored: int = 0
    term_fixes: int = 0  # quoted multi-word terms restored (names.phrases), scored apart from names
    term_correct: int = 0  # ... whose restored wording the reference sentence contains
    examples: list[str] = field(default_factory=list)  # a few wrong fixes, for the notes

    def row(self, mode: str) -> dict[str, object]:
        return {
            "mode": mode,
            "copies": self.copies,
            "fixes": self.fixes,
            "precision": self.correct / self.fixes if self.fixes else float("nan"),
            "recall (mangled)": self.restored / self.mangled if self.mangled else float("nan"),
            "mangled tokens": self.mangled,
            "missing tokens": self.missing,
            "correct tokens wrongly changed": self.wrongly_changed,
            "term fixes": self.term_fixes,
            "term precision": self.term_correct / self.term_fixes if self.term_fixes else float("nan"),
        }


def gold_variant(reference_word: str, copy_word: str) -> bool:
    """Whether the copy's word is another spelling of the reference's name (the benchmark's gold rule).

    Examples:
        >>> gold_variant("Hegseth", "Higseth"), gold_variant("Japan", "Japanese")
        (True, False)
    """
    a, b = fold(reference_word), fold(copy_word)
    if not a or not b or a[0] != b[0] or a in b or b in a:
        return False
    if min(english_zipf(reference_word), english_zipf(copy_word)) >= ESTABLISHED_ZIPF:
        return False  # two English words ("Spanish"/"Spaniards", "Center"/"Centrist"): a translation choice
    return fuzz.ratio(a, b) >= 100 * GOLD_VARIANT_SIMILARITY


def reference_names(sentence: str) -> list[str]:
    """Name tokens of a reference sentence: capitalised, non-initial, not titles."""
    return [t.text for t in words(sentence) if not t.initial and is_name_like(t.text) and not is_title(t.text)]


def score_copy(copy: BenchCopy, reference: Document, fixes: Sequence[NameFix], tally: Tally) -> None:
    """Add one copy's fixes and gold name tokens to ``tally``."""
    doc = copy.document
    spans = sentence_spans(doc.text, doc.sentences)
    ref_of = dict(copy.gold)
    by_sentence: dict[int, list[NameFix]] = defaultdict(list)
    for fix in fixes:
        for i, (a, b) in enumerate(spans):
            if a <= fix.span[0] and fix.span[1] <= b:
                by_sentence[i].append(fix)
                break
    tally.copies += 1
    for i, (a, b) in enumerate(spans):
        if a < 0 or i not in ref_of or ref_of[i] >= len(reference.sentences):
            continue
        # words compare folded (case and accents aside): "Mbappe" restores the reference's "Mbappé"
        ref = reference.sentences[ref_of[i]]
        ref_words = {fold(t.text) for t in words(ref)}
        sentence = doc.text[a:b]
        copy_words = [t.text for t in words(sentence)]
        copy_folded = {fold(w) for w in copy_words}
        shifted = [NameFix((f.span[0] - a, f.span[1] - a), f.before, f.after, f.source, f.confidence, f.evidence, f.kind)
                   for f in by_sentence.get(i, ())]
        restored = {fold(t.text) for t in words(apply_fixes(sentence, shifted))}
        for name in reference_names(ref):
            tally.name_tokens += 1
            if fold(name) in copy_folded:
                continue
            tally.missing += 1
            if any(fold(w) not in ref_words and is_name_like(w) and gold_variant(name, w) for w in copy_words):
                tally.mangled += 1
                tally.restored += fold(name) in restored
        for fix in shifted:
            if fix.kind == "term":  # a term is right when the reference writes it, word for word
                tally.term_fixes += 1
                tally.term_correct += " ".join(t.text for t in words(fix.after)).lower() in \
                    " ".join(t.text for t in words(ref)).lower()
                continue
            tally.fixes += 1
            before, after = fix.before.split(), fix.after.split()
            changed = ([(x, y) for x, y in zip(before, after) if fold(x) != fold(y)] if len(before) == len(after)
                       else list(zip(before, after)))
            wrong = sum(_bare(x) in ref_words for x, _ in changed)
            tally.wrongly_changed += wrong
            if not wrong and all(_bare(y) in ref_words for _, y in changed):
                tally.correct += 1
            elif len(tally.examples) < 8:
                tally.examples.append(f"{copy.document.id}: '{fix.before}' -> '{fix.after}' (reference: {ref[:160]!r})")


def _bare(word: str) -> str:
    toks = words(word)
    return fold(toks[0].text if toks else word)


def _siblings(copy: BenchCopy, group: Sequence[BenchCopy]) -> list[tuple[Document, Alignment]]:
    return [(s.document, align(copy.document, s.document)) for s in group if s.document.id != copy.document.id]


def run(
    data: str | Path, modes: Sequence[str] = MODES, *, max_copies: int | None = None
) -> Iterator[tuple[str, Tally]]:
    """Score every mode on wmt-dev; yields (mode, tally) as each mode finishes.

    Args:
        data: the wmt-dev directory (originals.jsonl.gz, copies.jsonl.gz).
        modes: any of "original", "siblings", "lexicon".
        max_copies: score only the first N copies (in file order), for a quick look.
    """
    root = require_data(data, "wmt-dev data")
    originals = {d.id: d for d in load_originals(root)}
    copies = load_copies(root)
    if max_copies is not None:
        copies = copies[:max_copies]
    groups: dict[str, list[BenchCopy]] = defaultdict(list)
    for c in load_copies(root) if max_copies is not None else copies:
        groups[c.original_id].append(c)
    for mode in modes:
        tally = Tally()
        if mode == "lexicon":
            base = Lexicon.default()
            learned = learn_names(originals.values())
            own_cache: dict[str, Lexicon] = {}
        for c in copies:
            reference = originals[c.original_id]
            if mode == "original":
                fixes = restore_names(c.document, original=reference, alignment=align(c.document, reference))
            elif mode == "siblings":
                fixes = restore_names(c.document, siblings=_siblings(c, groups[c.original_id]))
            elif mode == "lexicon":
                if c.original_id not in own_cache:
                    own_cache.clear()  # copies of one document are consecutive in the file
                    own_cache[c.original_id] = base.with_names(learned - learn_names([reference]))
                fixes = restore_names(c.document, lexicon=own_cache[c.original_id])
            else:
                raise ValueError(f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
            score_copy(c, reference, fixes, tally)
        yield mode, tally


def notes(tallies: dict[str, Tally]) -> list[str]:
    """The definitions and a few wrong fixes, for BENCHMARKS.md."""
    out = [
        "Gold: the human reference sentence aligned 1:1 to each copy sentence. Name tokens = capitalised, "
        "non-initial, non-title words of the reference; mangled = missing from the copy sentence while the copy "
        f"writes a variant (same first letter, plain Indel similarity >= {GOLD_VARIANT_SIMILARITY}, neither inside the other, "
        f"not two English words of Zipf >= {ESTABLISHED_ZIPF}); "
        "missing tokens include names the copy translated or dropped, which no name fix can restore.",
        "Precision: every word a fix writes is in the reference sentence and no word it replaces is. "
        "Siblings: reference withheld, the other system outputs of the document aligned with `align`. "
        "Lexicon: wordfreq en + names learned from all other originals (the document's own reference excluded).",
        "Term fixes (quoted multi-word terms, `names.phrases`) are counted apart from name fixes: a term fix is "
        "correct when the reference sentence contains the wording it writes.",
    ]
    for mode, t in tallies.items():
        for ex in t.examples[:4]:
            out.append(f"wrong fix ({mode}): {ex}")
    return out
