"""Name spelling keys: str -> (folded form, metaphone key, consonant skeleton, transliteration similarity).

Pure functions shared by ``names`` (matching a copy's names against a source) and ``lexicon`` (the
indexes a candidate lookup goes through). A mangled name keeps its sound and its consonants far
better than its vowels: "Higseth"/"Hegseth", "Shigro"/"Shigeru", "Ritzomican"/"Ritsumeikan",
"Kamikobo"/"Kamikubo", "Iowo Jimma"/"Iwo Jima" (ECOSYSTEM.md, name-matching table).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from operator import itemgetter

import jellyfish
from rapidfuzz import fuzz

# Letters that transliteration (and MT guessing unwritten vowels, e.g. through Arabic script) swaps
# freely: o/u (Ritzomican, Kamikobo, Shigro), e/i/y (Higseth), c/k/q (Ritzomican), z/s (Ritzomican),
# v/w (Russian and German names: Volkov/Wolkow), ts/tz/z (Scholz, Sholts). Folding them makes those swaps free, while
# insertions and deletions still cost: "Iowo" is closer to "Iwo" (one deletion) than to "Iowa".
_LETTER_CLASS = bytes.maketrans(b"oeycqzv", b"uiikksw")
_VOWELS = frozenset("aiu")  # after folding
_DOUBLE = re.compile(r"(.)\1+")
_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


# Letters that NFKD does not split into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans({"ß": "ss", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae",
                                 "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "Oe"})


@lru_cache(maxsize=16384)  # bounded; names repeat within and across documents
def fold(text: str) -> str:
    """Lowercase ASCII form: accents stripped, punctuation dropped, spaces collapsed.

    Examples:
        >>> fold("Zelenskyy’s  Kyiv-Pechersk")
        'zelenskyys kyivpechersk'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    ascii_ = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_LETTER.sub("", ascii_)).strip()


def translit_word(folded: str) -> str:
    """One folded word (ASCII a-z) with interchangeable letters merged and doubles collapsed."""
    merged = folded.replace("sch", "sh").replace("ph", "f").encode("ascii").translate(_LETTER_CLASS).decode("ascii")
    return _DOUBLE.sub(r"\1", merged.replace("ts", "s"))  # German z, Russian ts: Scholz/Sholts/Sholz


def skeleton_word(translit: str) -> str:
    """First letter plus the consonants of one :func:`translit_word` form."""
    return _DOUBLE.sub(r"\1", translit[:1] + "".join(ch for ch in translit[1:] if ch not in _VOWELS))


@lru_cache(maxsize=16384)
def translit_form(text: str) -> str:
    """The folded spelling with interchangeable letters merged and doubled letters collapsed.

    Examples:
        >>> translit_form("Ritzomican"), translit_form("Ritsumeikan")
        ('risumikan', 'risumikan')
        >>> translit_form("Jimma") == translit_form("Jima")
        True
    """
    return " ".join(translit_word(t) for t in fold(text).split())


@lru_cache(maxsize=16384)
def metaphone_key(text: str) -> str:
    """Metaphone of each word, space-joined ("" for no letters).

    Examples:
        >>> metaphone_key("Higseth") == metaphone_key("Hegseth"), metaphone_key("Iowo Jimma")
        (True, 'IW JM')
    """
    return " ".join(jellyfish.metaphone(t) for t in fold(text).split())


@lru_cache(maxsize=16384)
def skeleton_key(text: str) -> str:
    """First letter plus the consonants of each word, after :func:`translit_form`.

    Metaphone reads "ge" as soft (Shigeru -> XJR, Shigro -> XKR); the skeleton does not, so the
    two keys catch different damage.

    Examples:
        >>> skeleton_key("Shigro"), skeleton_key("Shigeru")
        ('shgr', 'shgr')
    """
    return " ".join(skeleton_word(t) for t in translit_form(text).split())


def similarity(a: str, b: str) -> float:
    """Transliteration-aware spelling similarity in 0..1 (normalised Indel on :func:`translit_form`).

    Indel (insertions and deletions only) rather than Jaro-Winkler: JW ranks the decoy "Hesketh"
    above "Hegseth" for "Higseth" (ANCHORS.md D); here Hegseth scores 1.0 and Hesketh 0.857.

    Examples:
        >>> similarity("Higseth", "Hegseth") > similarity("Higseth", "Hesketh")
        True
        >>> round(similarity("Iowo", "Iwo"), 3), round(similarity("Iowo", "Iowa"), 3)
        (0.857, 0.75)
    """
    return fuzz.ratio(translit_form(a), translit_form(b)) / 100.0


def shared_keys(a: str, b: str) -> int:
    """How many of the two phonetic keys (metaphone, skeleton) the spellings share (0..2).

    Examples:
        >>> shared_keys("Ritzomican", "Ritsumeikan"), shared_keys("Shigro", "Shigeru")
        (2, 1)
    """
    return int(metaphone_key(a) == metaphone_key(b)) + int(skeleton_key(a) == skeleton_key(b))


# --- tokens --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Before these characters a word starts a clause, so its capital says nothing about it being a name.
_CLAUSE_OPENERS = frozenset("“\"‘:(")

# Titles and honorifics: part of how a name is written, never a name to restore on their own.
TITLES = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady general gen president minister prime secretary "
    "governor gov senator sen rep representative lieutenant lt colonel col captain capt sergeant sgt "
    "admiral adm major maj judge justice chancellor king queen prince princess pope saint st father "
    "rev reverend chairman chairwoman mayor ambassador commander chief deputy director premier "
    "emperor empress sheikh imam rabbi bishop cardinal".split()
)


# Honorifics precede a name in any spelling ("Mr", "Mr."); they are never part of it.
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame".split())


def is_title(word: str) -> bool:
    """An honorific or a spelled-out title ("General"); short forms such as "Gen" may be given names.

    Examples:
        >>> is_title("Mr"), is_title("General"), is_title("Gen")
        (True, True, False)
    """
    low = word.lower()
    return low in HONORIFICS or (low in TITLES and len(low) > 3)


class Token(tuple):
    """A word of a sentence: (text, start, end, initial) with offsets relative to the sentence."""

    __slots__ = ()

    def __new__(cls, text: str, start: int, end: int, initial: bool) -> Token:
        return tuple.__new__(cls, (text, start, end, initial))

    # itemgetter, not lambdas: C-level getters (name learning reads ~3 fields per word of the archive)
    text = property(itemgetter(0))
    start = property(itemgetter(1))
    end = property(itemgetter(2))
    initial = property(itemgetter(3))


_new_token = tuple.__new__  # Token(...) without the Python-level __new__ (words() builds millions)


def words(sentence: str) -> list[Token]:
    """The words of a sentence with offsets; a possessive "'s" is left outside the word.

    Examples:
        >>> [(t.text, t.initial) for t in words("“America,” Mr. Higseth’s aide said.")]
        [('America', True), ('Mr', False), ('Higseth', False), ('aide', False), ('said', False)]
    """
    # Written for speed (issue 14: name learning over the archive was a third of `unspin index`):
    # string tests instead of the _POSSESSIVE regex, the usual one-space gap decided without strip().
    out: list[Token] = []
    end = -1  # end of the previous word; -1 before the first
    for m in _WORD.finditer(sentence):
        text, start = m.group(), m.start()
        if len(text) > 3 and text[-1] == "s" and text[-2] in "'’":  # _POSSESSIVE
            text = text[:-2]
        if end < 0:
            initial = True
        elif start - end == 1 and sentence[end] == " ":
            initial = False
        else:
            gap = sentence[end:start].rstrip()
            initial = bool(gap) and gap[-1] in _CLAUSE_OPENERS
        end = start + len(text)
        out.append(_new_token(Token, (text, start, end, initial)))
    return out


def is_name_like(word: str) -> bool:
    """Capitalised, not an acronym, at least two letters.

    Examples:
        >>> is_name_like("Higseth"), is_name_like("NATO"), is_name_like("higseth")
        (True, False, False)
    """
    return len(word) >= 2 and word[0].isupper() and not word.isupper()


# A whole _WORD match (the character before is no letter, nor a separator after a letter) that does
# not start with a lowercase ASCII letter: the words name_words() looks at (about one in five).
# (?![a-z]) first: it fails at once where most words start, before the two lookbehinds (a quarter
# less time over 129k news sentences, same matches).
_CAPITAL_WORD = re.compile(r"(?![a-z])(?<![^\W\d_])(?<![^\W\d_]['’\-])[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")


def name_words(sentence: str) -> list[Token]:
    """The name-like words of a sentence: ``[t for t in words(sentence) if is_name_like(t.text)]``.

    Visits only the capitalised words (issue 14: learning names over 550k originals); the test
    suite checks it against that definition.

    Examples:
        >>> [(t.text, t.initial) for t in name_words("“America,” Mr. Higseth’s NATO aide said.")]
        [('America', True), ('Mr', False), ('Higseth', False)]
    """
    return [_new_token(Token, (text, start, start + len(text), _starts_clause(sentence, start)))
            for text, start in _name_like(sentence)]


def _name_like(sentence: str) -> Iterator[tuple[str, int]]:
    """(text, start) of each name-like capitalised word, a possessive "'s" left outside it."""
    for m in _CAPITAL_WORD.finditer(sentence):
        text, start = m.group(), m.start()
        if len(text) > 3 and text[-1] == "s" and text[-2] in "'’":  # _POSSESSIVE
            text = text[:-2]
        if len(text) >= 2 and text[0].isupper() and not text.isupper():  # is_name_like
            yield text, start


def _starts_clause(sentence: str, start: int) -> bool:
    """``words()``' ``initial`` for the word at ``start``, read backwards from it (no previous word needed)."""
    j = start - 1
    while j >= 0 and sentence[j].isspace():
        j -= 1
    if j < 0:
        return True  # the first word
    c = sentence[j]
    if c in _CLAUSE_OPENERS:
        return True
    if c.isalnum() and not c.isdecimal():  # a letter ([^\W\d_]): the previous word, or its possessive "s"
        return False
    return _LETTER.search(sentence, 0, j) is None  # other punctuation: initial only if no word came before


def name_runs(sentence: str, tokens: list[Token] | None = None) -> list[list[Token]]:
    """Maximal runs of name-like words separated by single spaces (or hyphens): "Iowo Jimma Island".

    Examples:
        >>> [[t.text for t in run] for run in name_runs("Mr. Higseth met Shigro Ishiba on Iowo Jimma.")]
        [['Mr'], ['Higseth'], ['Shigro', 'Ishiba'], ['Iowo', 'Jimma']]
    """
    tokens = name_words(sentence) if tokens is None else tokens
    runs: list[list[Token]] = []
    end = -2  # end of the last name-like word
    for tok in tokens:
        text, start = tok[0], tok[1]
        if len(text) < 2 or not text[0].isupper() or text.isupper():  # is_name_like, inlined: called per word
            continue
        if start - end == 1 and sentence[end] in " -":
            runs[-1].append(tok)
        else:
            runs.append([tok])
        end = tok[2]
    return runs


def count_name_spans(sentence: str, counts: dict[str, int], max_words: int) -> None:
    """Add one sentence's learnable names to ``counts`` (what ``lexicon.learn_names`` counts per run).

    For each run of ``name_runs(sentence)`` with its leading titles removed: the run's text when it has
    2..``max_words`` words, and each word that neither starts a clause nor is a title. One pass over
    the capitalised words with plain tuples (learning names was the largest single cost of indexing
    4 kB news: 1.1 ms of ~5 ms per article); the test suite checks it against ``name_runs``.
    """
    run: list[tuple[str, int, int]] = []  # (text, start, end) of the current run
    end = -2
    for text, start in _name_like(sentence):
        if not (start - end == 1 and sentence[end] in " -"):
            if run:
                _count_run(sentence, run, counts, max_words)
            run = []
        end = start + len(text)
        run.append((text, start, end))
    if run:
        _count_run(sentence, run, counts, max_words)


def _count_run(sentence: str, run: list[tuple[str, int, int]], counts: dict[str, int], max_words: int) -> None:
    first = 0
    while first < len(run) and is_title(run[first][0]):
        first += 1
    if first == len(run):
        return
    if 2 <= len(run) - first <= max_words:
        span = sentence[run[first][1] : run[-1][2]]
        counts[span] = counts.get(span, 0) + 1
    for k in range(first, len(run)):
        text, start, _ = run[k]
        # initial (words()' definition, read backwards); the usual "word Name" decided without a call
        if start >= 2 and sentence[start - 1] == " " and (c := sentence[start - 2]).isalnum() and not c.isdecimal():
            initial = False
        else:
            initial = _starts_clause(sentence, start)
        if not initial and (k == first or not is_title(text)):
            counts[text] = counts.get(text, 0) + 1


# --- systematic romanizations ---------------------------------------------------------------------

# Hepburn (and Kunrei) syllables. "wo" is left out: modern Hepburn writes the particle as "o" and
# names do not contain it. Doubled consonants (gemination: "Hokkaido", "Sapporo") are collapsed first.
_HEPBURN = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|j|ts)[aiueo]|y[auo]|wa|fu|[aiueo]|n)+")
# Hanyu Pinyin: every syllable after the first has an initial (zero-initial syllables after the
# first take an apostrophe: Xi'an), and i-/u- finals without an initial are written yi/wu/yu.
_PINYIN_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_PINYIN_FINAL = r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)"
_PINYIN = re.compile(rf"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|er)?(?:{_PINYIN_INITIAL}{_PINYIN_FINAL})+")
_GEMINATE = re.compile(r"([kgsztdbpfhjmr])\1|t(?=ch)")


def is_romanized(word: str) -> bool:
    """Whether a word is a well-formed Hepburn romaji or Hanyu Pinyin spelling.

    Two such spellings of one name ("Kenju"/"Kinjo", "Yifeng"/"Yufeng") come from different
    transliterations, not from damage, so a word list cannot say which is right.

    Examples:
        >>> is_romanized("Okihama"), is_romanized("Xiaoliang"), is_romanized("Higseth"), is_romanized("Iowo")
        (True, True, False, False)
    """
    folded = fold(word).replace(" ", "")
    if len(folded) < 3:
        return False
    return bool(_HEPBURN.fullmatch(_GEMINATE.sub(r"\1", folded)) or _PINYIN.fullmatch(folded))
