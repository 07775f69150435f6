"""Cheap language identification: script shares, then function words for Latin-script text.

Microseconds per document and no dependency, so every copy gets ``Document.language`` and English
copies keep their path. Codes are ISO 639-1; "und" when the text gives too little to tell.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

ENGLISH = "en"
UNDETERMINED = "und"

# Frequent function words that are rare in the other listed languages (lowercase, accents kept).
_FUNCTION_WORDS = {
    "en": "the of and to is that for on with as by at from it are this be has have said were which its would been they",
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch wurde sind wird bei",
    "fr": "le la les des est et une du que dans pour qui pas sur au avec sont été aux ce cette il",
    "es": "el la los las de que y en del se por con para una es su al lo como más fue",
    "it": "il di che la una della sono del non gli nel anche alla è ha dei le questo",
    "pt": "o os da do que em uma para com não dos das se por mais foi ao é seu",
    "nl": "de het een en van is dat op te voor niet met zijn er ook aan wordt bij",
    "cs": "je se na že to do jako ale by jsou byl pro který také již podle při jeho po od za už jen však ve ze",
    "hr": "i je u na da se za su od s ne iz koji a što kao bi će bio ali",
    "is": "og að í á er sem um við til það var með ekki af en hafa hann eru frá",
    "pl": "i w na z że się do nie jest to o jak po przez dla od są",
    "ro": "și de la în a că cu pe nu din o un este pentru care mai",
    "tr": "ve bir bu da de için ile olarak daha çok olan gibi ama",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada",
}
_WORDS = {lang: frozenset(w for w in ws.split() if len(w) > 1) for lang, ws in _FUNCTION_WORDS.items()}
_SEEN: dict[str, str | None] = {}
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "latin"
    if ch in _SEEN:
        return _SEEN[ch]
    _SEEN[ch] = _script_name(ch)
    return _SEEN[ch]


def _script_name(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "HIRAGANA", "KATAKANA", "CJK", "HANGUL", "ARABIC", "HEBREW", "GREEK",
                   "DEVANAGARI", "THAI"):
        if name.startswith(script):
            return script.lower()
    return "other"


def identify(text: str, *, sample: int = 800) -> str:
    """ISO 639-1 code of ``text``'s language (looks at its first ``sample`` characters; ~50 µs).

    Examples:
        >>> identify("The minister said on Monday that the talks had failed.")
        'en'
        >>> identify("Der Minister sagte am Montag, dass die Gespräche gescheitert sind.")
        'de'
        >>> identify("東京で会談が行われた。"), identify("Министр заявил в понедельник"), identify("12 34")
        ('ja', 'ru', 'und')
    """
    text = text[:sample]
    latin = len(_ASCII_LETTERS.findall(text))
    scripts = Counter(s for s in map(_script, _NON_ASCII.findall(text)) if s)
    scripts["latin"] += latin
    letters = sum(scripts.values())
    if letters < 3:
        return UNDETERMINED
    top, n = scripts.most_common(1)[0]
    if top != "latin" and n / letters >= 0.3:
        return _non_latin(top, text, scripts)
    words = _WORD.findall(text.lower())
    if not words:
        return UNDETERMINED
    hits = Counter({lang: sum(w in ws for w in words) for lang, ws in _WORDS.items()})
    lang, best = hits.most_common(1)[0]
    if best == 0:
        return ENGLISH if len(words) < 8 else UNDETERMINED  # a headline of names: keep the English path
    if lang != ENGLISH and (best < 3 or best < 3 * hits[ENGLISH]):
        return ENGLISH  # tables, tickers, foreign names in English text: keep the English path
    return lang


def _non_latin(top: str, text: str, scripts: Counter[str]) -> str:
    if top in ("hiragana", "katakana") or (top == "cjk" and scripts["hiragana"] + scripts["katakana"] > 0.05 * scripts["cjk"]):
        return "ja"
    if top == "cjk":
        return "zh"
    if top == "cyrillic":
        low = text.lower()
        if any(c in low for c in "іїєґ"):
            return "uk"
        if any(c in low for c in "ђћџљњј"):
            return "sr"
        if any(c in low for c in "ўі"):
            return "be"
        return "ru"
    return {"hangul": "ko", "arabic": "ar", "hebrew": "he", "greek": "el", "devanagari": "hi", "thai": "th"}.get(top, UNDETERMINED)


def is_english(language: str | None) -> bool:
    """True for English and for text too short or odd to tell (those keep the English path)."""
    return language in (None, ENGLISH, UNDETERMINED)
