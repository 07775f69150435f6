"""Which language a text is in: text or sentences (str) -> ISO 639-1 codes, one identifier for every stage.

``identify`` names a document's language (``check`` sets ``Document.language`` with it and sends
non-English copies to the cross-language stage); ``languages`` names each sentence's and the
document's (the detector scores only the English part of a page). Both read the same two cheap
signals, so the two answers cannot drift apart: the script of the letters (Arabic, Cyrillic, CJK, …
decide at once) and, for Latin script, which language's frequent function words the text uses most.

Hand-written on purpose: the question is narrow (is this English, which sentences are, and which of
the WMT languages is the rest), it must cost microseconds per sentence, and no language-id package
is among unspin's dependencies. (Until 0.3 two such identifiers lived in ``detect.language`` and
``multilingual.langid``, with different word lists; this module replaces both.)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

ENGLISH = "en"
UNDETERMINED = "und"

# Frequent function words that are rare in the other listed languages (lowercase, accents kept).
_FUNCTION_WORDS = {
    "en": "the of and to is that for on with as by at from it are this be has have said were which its would been they"
          " his was not",
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch wurde sind wird bei",
    "fr": "le la les des est et une du que dans pour qui pas sur au avec sont été aux ce cette il elle par mais",
    "es": "el la los las de que y en del se por con para una es su al lo como más fue pero",
    "it": "il di che la una della sono del non gli nel anche alla è ha dei le questo con si da",
    "pt": "o os da do que em uma para com não dos das se por mais foi ao é seu na no",
    "nl": "de het een en van is dat op te voor niet met zijn er ook aan wordt bij die",
    "cs": "je se na že to do jako ale by jsou byl pro který také již podle při jeho po od za už jen však ve ze",
    "hr": "i je u na da se za su od s ne iz koji a što kao bi će bio ali",
    "is": "og að í á er sem um við til það var með ekki af en hafa hann eru frá",
    "pl": "i w na z że się do nie jest to o jak po przez dla od są",
    "ro": "și de la în a că cu pe nu din o un este pentru care mai",
    "tr": "ve bir bu da de için ile olarak daha çok olan gibi ama",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada adalah oleh",
}
_WORDS = {lang: frozenset(w for w in ws.split() if len(w) > 1) for lang, ws in _FUNCTION_WORDS.items()}
# In one sentence, short English words another list also holds ("to" and "do" are Czech and Polish, "is" Dutch)
# count for English only: headlines in capitals ("U.S. TELLS JAPAN TO DO MORE TO CUT TRADE SURPLUS") were named
# Czech. (A document has enough words for the full lists: ``identify`` keeps them.)
_ENGLISH_SHORT = frozenset("do to by no so me he we up if or an am us in at on is".split()) | _WORDS[ENGLISH]
_SENTENCE_WORDS = {lang: ws if lang == ENGLISH else ws - _ENGLISH_SHORT for lang, ws in _WORDS.items()}
_SCRIPTS = ("LATIN", "CYRILLIC", "HIRAGANA", "KATAKANA", "CJK", "HANGUL", "ARABIC", "HEBREW", "GREEK", "DEVANAGARI",
            "THAI", "BENGALI", "TAMIL", "GEORGIAN", "ARMENIAN")
_SCRIPT_LANGUAGE = {"hangul": "ko", "arabic": "ar", "hebrew": "he", "greek": "el", "devanagari": "hi", "thai": "th",
                    "bengali": "bn", "tamil": "ta", "georgian": "ka", "armenian": "hy"}
_SEEN: dict[str, str | None] = {}
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_LATIN = re.compile(r"[À-ÖØ-öø-ɏ]")  # Latin-1 Supplement and Latin Extended-A/B letters
_LATIN_ACCENTED_SHARE = 0.02  # of a text's letters: names ("Ísafjörður", "Zelenskyy") in English text stay below
MIN_EVIDENCE = 3  # function-word hits needed to name a Latin-script language other than English
SCRIPT_SHARE = 0.3  # a non-Latin script this share of the letters names the language


def _script(ch: str) -> str | None:
    """'latin', 'cyrillic', 'cjk', … for a letter (None for other characters); memoised per character."""
    if ch.isascii():
        return "latin" if ch.isalpha() else None
    if ch not in _SEEN:
        name = unicodedata.name(ch, "") if ch.isalpha() else ""
        _SEEN[ch] = next((s.lower() for s in _SCRIPTS if name.startswith(s)), "other" if ch.isalpha() else None)
    return _SEEN[ch]


def _scripts(text: str) -> Counter[str]:
    scripts = Counter(s for s in map(_script, _NON_ASCII.findall(text)) if s)
    scripts["latin"] += len(_ASCII_LETTERS.findall(text))
    return scripts


def _by_script(text: str, scripts: Counter[str]) -> str | None:
    """The language a non-Latin script names, when it writes at least SCRIPT_SHARE of the letters (``_scripts(text)``)."""
    letters = sum(scripts.values())
    if not letters:
        return None
    top, n = scripts.most_common(1)[0]
    if top == "latin" or n < SCRIPT_SHARE * letters:
        return None
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
        if "ў" in low:
            return "be"
        return "ru"
    return _SCRIPT_LANGUAGE.get(top, UNDETERMINED)


def _word_hits(text: str, lists: dict[str, frozenset[str]] = _WORDS) -> tuple[Counter[str], int]:
    """Function-word hits per language and the number of words."""
    words = _WORD.findall(text.lower())
    return Counter({lang: sum(w in ws for w in words) for lang, ws in lists.items()}), len(words)


def identify(text: str, *, sample: int = 800) -> str:
    """ISO 639-1 code of a document's language from its first ``sample`` characters ("und": too little to tell).

    Unclear Latin-script text keeps the English path: tables, tickers and foreign names in English text
    name another language only with ``MIN_EVIDENCE`` hits and three times English's.

    Examples:
        >>> identify("The minister said on Monday that the talks had failed.")
        'en'
        >>> identify("Der Minister sagte am Montag, dass die Gespräche gescheitert sind.")
        'de'
        >>> identify("東京で会談が行われた。"), identify("Министр заявил в понедельник"), identify("12 34")
        ('ja', 'ru', 'und')
    """
    text = text[:sample]
    scripts = _scripts(text)
    letters = sum(scripts.values())
    if letters < 3:
        return UNDETERMINED
    by_script = _by_script(text, scripts)
    if by_script:
        return by_script
    hits, n = _word_hits(text)
    if not n:
        return UNDETERMINED
    lang, best = hits.most_common(1)[0]
    if best == 0:
        return ENGLISH if n < 8 else UNDETERMINED  # a headline of names: keep the English path
    # Letters English does not write (č, ř, ð, ã …) stand in for hits: a short Czech text has few function words.
    accented = scripts["latin"] and _LATIN_ACCENTED_SHARE * letters <= len(_NON_ASCII_LATIN.findall(text))
    if lang != ENGLISH and ((best < MIN_EVIDENCE and not accented) or best < 3 * hits[ENGLISH]):
        return ENGLISH
    return lang


def sentence_language(sentence: str) -> str | None:
    """One sentence's language code, or None when it is too short to tell.

    Examples:
        >>> sentence_language("The minister said that the plan was ready."), sentence_language("وقال الوزير إن الخطة جاهزة")
        ('en', 'ar')
        >>> sentence_language("Le ministre a dit que la réforme est prête pour le vote."), sentence_language("OK.")
        ('fr', None)
    """
    scripts = _scripts(sentence)
    if not scripts.total():  # no letter
        return None
    by_script = _by_script(sentence, scripts)
    if by_script:
        return by_script
    hits, n = _word_hits(sentence, _SENTENCE_WORDS)
    best = max(hits, key=lambda k: (hits[k], k == ENGLISH))
    # One hit names English in a short sentence; another language needs two, or letters English does not write
    # ("Le plan était prêt."): "MANOR CARE INC <MNR> CHAIRMAN RESIGNS" is no Romanian for its "care".
    least = 1 if best == ENGLISH or _NON_ASCII.search(sentence) else 2
    return best if hits[best] >= min(MIN_EVIDENCE, max(least, n // 4)) else None


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
    doc = weight.most_common(1)[0][0] if weight else ENGLISH
    return doc, tuple(lang or doc for lang in per)


def is_english(language: str | None) -> bool:
    """True for English and for text too short or odd to tell (those keep the English path)."""
    return language in (None, ENGLISH, UNDETERMINED)
