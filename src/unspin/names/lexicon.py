"""Known spellings of names: (wordfreq list, names learned from originals, gazetteers) -> Lexicon lookups.

A :class:`Lexicon` answers two questions for ``names.restore_names``: does a source know this
spelling (then it is never "corrected"), and which known spellings share a phonetic key with it (the
candidates a mangled name may come from). Three layers, all optional:

* words: wordfreq's English "large" list (321,180 forms; it knows hegseth, ishiba, ritsumeikan, iwo,
  jima and not higseth, shigro, iowo, ritzomican: ECOSYSTEM.md item 5);
* names learned from originals (:func:`learn_names`: capitalised spans and their frequencies), which
  also carry multi-word names such as "Iwo Jima";
* gazetteers: SQLite files built from user name lists (``names.gazetteer.import_dump``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jellyfish

from .gazetteer import Gazetteer, read_names
from .keys import (
    count_name_spans,
    fold,
    metaphone_key,
    skeleton_key,
    skeleton_word,
    translit_form,
    translit_word,
)
from ..archive.store import Archive
from ..records import Document

# Learned multi-word names longer than this are sentence fragments in title case, not names.
MAX_NAME_WORDS = 4
# wordfreq's Latin-script languages other than English. A word one of them knows ("Beroun" cs,
# "Akranes" is, "Minttu" fi) is a real word of that language, not a mangled English spelling
# (wmt-dev: such words were a share of the wrong lexicon fixes). Their "small" lists are loaded
# lazily: all 26 take ~2 s and ~100 MB, where the "large"/"best" lists took ~570 MB.
OTHER_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "sh", "hu", "ro", "sv", "nb", "da",
    "fi", "is", "lv", "lt", "tr", "ca", "id", "ms", "fil", "vi",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """A known spelling that a mangled one may stand for."""

    form: str  # the spelling to restore, as the source writes it ("Hegseth", "Iwo Jima")
    origin: str  # which layer knows it: "wordfreq", "originals", "gazetteer <file>"
    zipf: float  # wordfreq Zipf frequency (0 for names known only from originals or gazetteers)
    count: int = 0  # times seen in originals (learned names); 0 otherwise


class _KeyIndex:
    """Folded form -> (display form, weight), indexed by metaphone, skeleton and translit form.

    Keys are built per first letter, on the first lookup of a word with that letter (a lexicon
    candidate always shares the first letter; building all of wordfreq's 288k alphabetic forms at
    once costs a few seconds). Once built, a letter's index never changes, so Lexicons can share it.
    """

    __slots__ = ("weights", "display", "_by_letter", "_keys")

    def __init__(self, weights: Mapping[str, float], display: Mapping[str, str] | None = None) -> None:
        self.weights = weights
        self.display = display or {}
        self._by_letter: dict[str, list[str]] | None = None
        self._keys: dict[str, tuple[dict[str, list[str]], ...]] = {}

    def _index(self, letter: str) -> tuple[dict[str, list[str]], ...]:
        if self._by_letter is None:
            self._by_letter = {}
            for norm in self.weights:
                # wordfreq forms are lowercase; learned names are folded already
                if len(norm) >= 3 and norm.isascii() and norm.replace(" ", "").isalpha():
                    self._by_letter.setdefault(norm[0], []).append(norm)
        if letter not in self._keys:
            by_meta: dict[str, list[str]] = {}
            by_skel: dict[str, list[str]] = {}
            by_trans: dict[str, list[str]] = {}
            for norm in self._by_letter.get(letter, ()):
                parts = norm.split()
                trans = [translit_word(p) for p in parts]
                by_meta.setdefault(" ".join(jellyfish.metaphone(p) for p in parts), []).append(norm)
                by_skel.setdefault(" ".join(skeleton_word(t) for t in trans), []).append(norm)
                by_trans.setdefault(" ".join(trans), []).append(norm)
            self._keys[letter] = (by_meta, by_skel, by_trans)
        return self._keys[letter]

    def lookup(self, form: str) -> set[str]:
        norm = fold(form)
        if not norm:
            return set()
        by_meta, by_skel, by_trans = self._index(norm[0])
        found: set[str] = set()
        for index, key in ((by_meta, metaphone_key(form)), (by_skel, skeleton_key(form)), (by_trans, translit_form(form))):
            if key:
                found.update(index.get(key, ()))
        return found


class Lexicon:
    """Known spellings from wordfreq, from originals and from gazetteers.

    Args:
        words: folded word -> frequency (normally wordfreq's English list; see :meth:`default`).
        names: learned names and their counts (:func:`learn_names`).
        gazetteers: opened gazetteer files.

    Examples:
        >>> lex = Lexicon(words={"hegseth": 1.3e-8, "tokyo": 1.9e-5}, names=Counter({"Iwo Jima": 3}))
        >>> lex.knows("Tokyo"), lex.knows("Higseth"), lex.knows("Iwo Jima")
        (True, False, True)
        >>> [e.form for e in lex.candidates("Higseth")], [e.form for e in lex.candidates("Iowo Jimma")]
        (['Hegseth'], ['Iwo Jima'])
    """

    def __init__(
        self,
        *,
        words: Mapping[str, float] | None = None,
        names: Counter[str] | None = None,
        gazetteers: Sequence[Gazetteer] = (),
        other_languages: Sequence[str] = (),
        _word_index: _KeyIndex | None = None,
    ) -> None:
        self._words = _word_index or _KeyIndex(words or {})
        self.other_languages = tuple(other_languages)
        names = names or Counter()
        counts: dict[str, float] = {}
        display: dict[str, tuple[int, str]] = {}
        for form, n in names.items():
            norm = fold(form)
            if n <= 0 or not norm:
                continue
            counts[norm] = counts.get(norm, 0) + n
            if n > display.get(norm, (0, ""))[0]:
                display[norm] = (n, form)
        self._names = _KeyIndex(counts, {k: v[1] for k, v in display.items()})
        self.gazetteers = tuple(gazetteers)

    @classmethod
    def default(cls, names: Counter[str] | None = None, gazetteers: Sequence[Gazetteer] = ()) -> Lexicon:
        """wordfreq's English "large" list, plus the given learned names and gazetteers.

        Build it once and reuse it: loading the list takes ~0.1 s and its key index ~1 s.

        Examples:
            >>> lex = Lexicon.default()
            >>> lex.knows("Ritsumeikan"), lex.knows("Ritzomican")
            (True, False)
        """
        import wordfreq

        return cls(words=wordfreq.get_frequency_dict("en", "large"), names=names, gazetteers=gazetteers,
                   other_languages=OTHER_LANGUAGES)

    @classmethod
    def from_files(cls, paths: Sequence[str | Path], *, names: Counter[str] | None = None, default: bool = True) -> Lexicon:
        """The default lexicon (or none) plus user name lists: gazetteer files, or small TSV/JSONL lists.

        A file starting with the SQLite header is opened as a gazetteer (``unspin lexicon import``);
        any other file is read as a name list (labels and aliases) into the learned-names layer.

        Examples:
            >>> import tempfile, pathlib
            >>> p = pathlib.Path(tempfile.mkdtemp()) / "names.tsv"
            >>> _ = p.write_text("Masao Kamikubo\\tKamikubo\\n", encoding="utf-8")
            >>> Lexicon.from_files([p], default=False).knows("Kamikubo")
            True
        """
        learned: Counter[str] = Counter(names or {})
        gazetteers: list[Gazetteer] = []
        for path in paths:
            p = Path(path)
            with open(p, "rb") as fh:
                head = fh.read(16)
            if head == b"SQLite format 3\x00":
                gazetteers.append(Gazetteer(p))
                continue
            for _, label, aliases in read_names(p):
                for form in (label, *aliases):
                    learned[form] += 1
        if default:
            return cls.default(names=learned, gazetteers=gazetteers)
        return cls(names=learned, gazetteers=gazetteers)

    def with_names(self, names: Counter[str]) -> Lexicon:
        """The same word list and gazetteers with another set of learned names (the word index is shared)."""
        return Lexicon(names=names, gazetteers=self.gazetteers, other_languages=self.other_languages,
                       _word_index=self._words)

    def foreign(self, form: str) -> str | None:
        """The first of ``other_languages`` whose wordfreq list knows this word, else None.

        Examples:
            >>> Lexicon(other_languages=("cs",)).foreign("Beroun")
            'cs'
        """
        if not self.other_languages:
            return None
        import wordfreq

        low = form.lower()
        return next((lang for lang in self.other_languages if wordfreq.word_frequency(low, lang, wordlist="small") > 0), None)

    def zipf(self, form: str) -> float:
        """wordfreq Zipf frequency of a single word (log10 per billion words; 0 when unknown)."""
        freq = self._words.weights.get(form.lower()) or self._words.weights.get(fold(form)) or 0.0
        return math.log10(freq) + 9.0 if freq > 0 else 0.0

    def count(self, form: str) -> int:
        """How often originals wrote this name (0 when not learned)."""
        return int(self._names.weights.get(fold(form), 0))

    def knows(self, form: str) -> bool:
        """True when any layer knows the spelling (case- and accent-insensitive)."""
        if " " not in form and self.zipf(form) > 0:
            return True
        norm = fold(form)
        return norm in self._names.weights or any(g.knows(norm) for g in self.gazetteers)

    def candidates(self, form: str) -> list[Entry]:
        """Known spellings that share a phonetic key (metaphone, skeleton or translit form) with ``form``.

        The caller decides which, if any, is the name the copy mangled.
        """
        out: dict[str, Entry] = {}
        multiword = " " in form.strip()
        for norm in self._names.lookup(form):
            shown = self._names.display.get(norm, norm)
            out[shown] = Entry(shown, "originals", self.zipf(shown) if " " not in shown else 0.0, int(self._names.weights[norm]))
        for g in self.gazetteers:
            for shown in g.lookup(form):
                out.setdefault(shown, Entry(shown, f"gazetteer {g.name}", 0.0))
        if not multiword:
            for norm in self._words.lookup(form):
                if " " not in norm:
                    shown = norm[:1].upper() + norm[1:]
                    out.setdefault(shown, Entry(shown, "wordfreq", self.zipf(norm)))
        return list(out.values())

    def describe(self) -> str:
        """One line naming the layers (used in fix evidence)."""
        parts = []
        if self._words.weights:
            parts.append(f"wordfreq en ({len(self._words.weights):,} forms)")
        if self._names.weights:
            parts.append(f"{len(self._names.weights):,} names learned from originals")
        parts.extend(f"gazetteer {g.name}" for g in self.gazetteers)
        return " + ".join(parts) or "empty lexicon"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled default (wordfreq's English list), built once per process (~1 s) and shared."""
    return Lexicon.default()


def learn_names(docs: Iterable[Document]) -> Counter[str]:
    """Count the capitalised spans of originals: single non-initial names and multi-word runs.

    Args:
        docs: originals (their ``sentences``; ``text`` when a document has none).

    Returns:
        A Counter of spellings, e.g. {"Hegseth": 12, "Iwo Jima": 2, ...}; pass it to
        :class:`Lexicon` (``names=``) or :meth:`Lexicon.with_names`.

    Examples:
        >>> d = Document("o", "", ("Mr. Hegseth visited Iwo Jima with Gen Nakatani.", "Hegseth left."))
        >>> sorted(learn_names([d]).items())
        [('Gen', 1), ('Gen Nakatani', 1), ('Hegseth', 1), ('Iwo', 1), ('Iwo Jima', 1), ('Jima', 1), ('Nakatani', 1)]
    """
    # Per run of name-like words (keys.name_runs), leading titles dropped ("General Nakatani" ->
    # "Nakatani"; "Gen Nakatani" stays whole: no period, a given name), the run when it has 2..MAX words,
    # and every word that neither starts a clause (any capitalised word may) nor is a title.
    counts: dict[str, int] = {}
    for doc in docs:
        for sentence in doc.sentences or (doc.text,):
            count_name_spans(sentence, counts, MAX_NAME_WORDS)
    return Counter(counts)


def refresh_names(archive: Archive) -> int:
    """Learn names over every original of ``archive`` (one pass) and store them in it; returns how many.

    Run once after adding (``unspin index`` does): learning names per added document would cost
    indexing throughput for something only name restoration reads.
    """
    return archive.store_names(learn_names(archive.documents()))
