"""Which language a text is in: sentences (str) -> ISO 639-1 code per sentence and for the document.

Hand-written on purpose: no language-id package is in unspin's dependencies, and the question
here is narrow (is this English, and which sentences are?). Two cheap tests: the script of the
letters (Arabic, Cyrillic, CJK, ... decide at once) and, for Latin script, which language's most
frequent function words the sentence uses most (12-20 per language below). Sentences with too few
function words to tell are counted as the document's majority language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

_STOPWORDS = {
    "en": "the of and to in is that for it was on with as by at from he his said are be has have this an not which were",
    "fr": "le la les des est une et que pour dans qui sur pas par au aux du ce il elle sont avec mais été",
    "de": "der die das und ist nicht ein eine zu den mit von sich auf für dem des im auch wurde sind",
    "es": "el la los las que del y en un una por con para es se lo su al como más pero fue",
    "it": "il la che di e un una per non sono del della con si gli le è da anche alla",
    "pt": "o a os as que de e do da em um uma para com não se no na por mais foi",
    "nl": "de het een en van is dat op te niet met zijn voor die in er aan ook",
    "tr": "ve bir bu da de için ile olarak ama çok daha gibi olan en",
    "id": "yang dan di dari untuk dengan ini itu pada tidak akan dalam adalah oleh",
}
_WORDS = {lang: frozenset(ws.split()) for lang, ws in _STOPWORDS.items()}
_SCRIPTS = (
    ("ARABIC", "ar"), ("CYRILLIC", "ru"), ("HEBREW", "he"), ("GREEK", "el"), ("DEVANAGARI", "hi"),
    ("THAI", "th"), ("HANGUL", "ko"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("CJK", "zh"),
    ("BENGALI", "bn"), ("TAMIL", "ta"), ("GEORGIAN", "ka"), ("ARMENIAN", "hy"),
)
_TOKEN_RE = re.compile(r"[^\W\d_]+")
MIN_EVIDENCE = 3  # function-word hits needed to name a Latin-script language


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for prefix, lang in _SCRIPTS:
        if name.startswith(prefix):
            return lang
    return None


def sentence_language(sentence: str) -> str | None:
    """The sentence's language code, or None when it is too short to tell.

    Examples:
        >>> sentence_language("The minister said that the plan was ready."), sentence_language("وقال الوزير إن الخطة جاهزة")
        ('en', 'ar')
        >>> sentence_language("Le ministre a dit que la réforme est prête pour le vote."), sentence_language("OK.")
        ('fr', None)
    """
    letters = [c for c in sentence if c.isalpha()]
    if not letters:
        return None
    scripts = Counter(_script(c) for c in letters)
    top, n = scripts.most_common(1)[0]
    if top is not None and n >= 0.3 * len(letters):
        if top == "zh" and scripts.get("ja"):
            return "ja"
        return top
    tokens = [t.lower() for t in _TOKEN_RE.findall(sentence)]
    hits = {lang: sum(t in ws for t in tokens) for lang, ws in _WORDS.items()}
    best = max(hits, key=lambda k: (hits[k], k == "en"))
    return best if hits[best] >= min(MIN_EVIDENCE, max(1, len(tokens) // 4)) else None


def languages(sentences: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The document's language and each sentence's (undecided sentences get the document's).

    The document's language is the one most of its letters are written in (sentences weighted by length).

    Examples:
        >>> languages(["The plan was ready and the minister said it was a good one.", "Le plan était prêt.", "OK."])[1]
        ('en', 'fr', 'en')
    """
    per = [sentence_language(s) for s in sentences]
    weight: Counter[str] = Counter()
    for s, lang in zip(sentences, per):
        if lang:
            weight[lang] += len(s)
    doc = weight.most_common(1)[0][0] if weight else "en"
    return doc, tuple(lang or doc for lang in per)
