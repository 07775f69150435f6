"""WordNet 3.0 as a thesaurus: word form (str) -> inflected single-word synonyms (the spinner's and the collocation table's source).

Read straight from the database files Debian's ``wordnet-base`` package installs under
``/usr/share/wordnet`` (``apt-get install wordnet-base``; WordNet 3.0, Princeton's licence, which
permits use and redistribution with its notice). No NLTK: the data files are plain text
(``data.<pos>``: one synset per line, its lemmas from the fifth field on; ``<pos>.exc``: irregular
forms). Only training reads it: the runtime ships the derived table ``data/spin_collocations.tsv.gz``.

Morphology is the minimum a word-for-word spinner needs: find the lemma of a form (irregular
forms, then WordNet's "morphy" suffix rules), take the lemma's synonyms, and put each synonym in
the same form (plural, past, -ing, third person), keeping the case pattern ("House" -> "Home").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

WORDNET_DIR = Path(os.environ.get("UNSPIN_WORDNET", "/usr/share/wordnet"))
POS = ("noun", "verb", "adj", "adv")
# morphy's detachment rules: (form suffix, lemma suffix, form kind).
_RULES = {
    "noun": (("ses", "s", "s"), ("xes", "x", "s"), ("zes", "z", "s"), ("ches", "ch", "s"), ("shes", "sh", "s"),
             ("men", "man", "s"), ("ies", "y", "s"), ("s", "", "s")),
    "verb": (("ies", "y", "s"), ("es", "e", "s"), ("es", "", "s"), ("s", "", "s"), ("ed", "e", "ed"),
             ("ed", "", "ed"), ("ing", "e", "ing"), ("ing", "", "ing")),
    "adj": (("er", "", "er"), ("est", "", "est"), ("er", "e", "er"), ("est", "e", "est")),
    "adv": (),
}


@dataclass(frozen=True, slots=True)
class Thesaurus:
    """WordNet synonym sets, lemma index and irregular forms."""

    synonyms: dict[tuple[str, str], tuple[str, ...]]  # (lemma, pos) -> single- and multi-word synonyms, sense order
    irregular: dict[tuple[str, str], str]  # (form, pos) -> lemma
    irregular_forms: dict[tuple[str, str, str], str]  # (lemma, pos, kind) -> form ("tell", "verb", "ed") -> "told"

    def lemmas(self, form: str) -> list[tuple[str, str, str]]:
        """(lemma, pos, kind) readings of a lowercase word form; kind is "" for the base form.

        Examples:
            >>> ("tell", "verb", "ed") in load_thesaurus().lemmas("told")  # doctest: +SKIP
            True
        """
        out = []
        for pos in POS:
            if (form, pos) in self.synonyms:
                out.append((form, pos, ""))
            lemma = self.irregular.get((form, pos))
            if lemma and (lemma, pos) in self.synonyms:
                out.append((lemma, pos, _irregular_kind(form, lemma, pos)))
            for suffix, repl, kind in _RULES[pos]:
                if form.endswith(suffix) and len(form) > len(suffix) + 1:
                    lemma = form[: len(form) - len(suffix)] + repl
                    if (lemma, pos) in self.synonyms:
                        out.append((lemma, pos, kind))
                        break
        return out

    def inflect(self, lemma: str, pos: str, kind: str) -> str:
        """``lemma`` in the form ``kind`` ("" | "s" | "ed" | "ing" | "er" | "est"); multi-word: the head word.

        Examples:
            >>> Thesaurus({}, {}, {}).inflect("relate", "verb", "ed")
            'related'
        """
        if not kind:
            return lemma
        words = lemma.split(" ")
        head = 0 if pos == "verb" else len(words) - 1
        w = words[head]
        irregular = self.irregular_forms.get((w, pos, kind))
        words[head] = irregular or _regular(w, kind)
        return " ".join(words)

    def variants(self, word: str) -> list[str]:
        """Synonyms of ``word`` in its own form and case pattern, most common sense first, no duplicates.

        Examples:
            >>> "Home" in load_thesaurus().variants("House")  # doctest: +SKIP
            True
        """
        low = word.lower()
        out: dict[str, None] = {}
        for lemma, pos, kind in self.lemmas(low):
            for syn in self.synonyms[(lemma, pos)]:
                form = self.inflect(syn, pos, kind)
                if form != low:
                    out[_case_like(form, word)] = None
        return list(out)


def _irregular_kind(form: str, lemma: str, pos: str) -> str:
    if pos == "noun":
        return "s"
    if pos == "adj":
        return "est" if form.endswith("st") else "er"
    return "ing" if form.endswith("ing") else "ed"


def _regular(w: str, kind: str) -> str:
    if kind == "s":
        if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
            return w[:-1] + "ies"
        return w + ("es" if w.endswith(("s", "x", "z", "ch", "sh")) else "s")
    if kind in ("ed", "er", "est"):
        suffix = kind if kind != "ed" else "ed"
        if w.endswith("e"):
            return w + suffix[1:]
        if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
            return w[:-1] + "i" + suffix
        return w + suffix
    if kind == "ing":
        return (w[:-1] if w.endswith("e") and not w.endswith("ee") else w) + "ing"
    return w


def _case_like(form: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[0].isupper():
        return " ".join(x[:1].upper() + x[1:] for x in form.split(" "))
    return form


_LEMMA_RE = re.compile(r"\(.*\)$")


@lru_cache(maxsize=1)
def load_thesaurus(directory: str | Path | None = None) -> Thesaurus:
    """Read WordNet's data and exception files (~3 s).

    Raises:
        ConfigError: the WordNet files are not there (``apt-get install wordnet-base``).
    """
    root = Path(directory) if directory else WORDNET_DIR
    if not (root / "data.noun").exists():
        raise ConfigError(
            f"WordNet database not found in {root}: install Debian's wordnet-base "
            "(apt-get install wordnet-base) or set UNSPIN_WORDNET"
        )
    synonyms: dict[tuple[str, str], list[str]] = {}
    for pos in POS:
        with open(root / f"data.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split(" ")
                n = int(parts[3], 16)
                lemmas = [_LEMMA_RE.sub("", parts[4 + 2 * i]).replace("_", " ").lower() for i in range(n)]
                for a in lemmas:
                    bucket = synonyms.setdefault((a, pos), [])
                    bucket.extend(b for b in lemmas if b != a and b not in bucket)
    irregular: dict[tuple[str, str], str] = {}
    forms: dict[tuple[str, str, str], str] = {}
    for pos in POS:
        with open(root / f"{pos}.exc", encoding="latin-1") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    form, lemma = parts[0].replace("_", " "), parts[1].replace("_", " ")
                    irregular.setdefault((form, pos), lemma)
                    forms.setdefault((lemma, pos, _irregular_kind(form, lemma, pos)), form)
    return Thesaurus({k: tuple(v) for k, v in synonyms.items()}, irregular, forms)
