"""Number integrity: text -> Figures (value, unit, scale); (copy, original, alignment) -> NumberChecks.

A figure is digits ("5,000", "1.5", "80th", "$1 billion", "15%", "10:30") or English number words
("more than one billion dollars", "eighty"), read to a value and a unit, so that "$1 billion" and
"one billion dollars" are the same figure. The copy's figures are paired with the original's in the
sentences the alignment pairs with theirs (one sentence of slack either side): equal values are
``same``; left over, in order, a pair is ``unit-changed`` (same value, another currency or unit),
``scale-changed`` (same digits, another scale word: million -> billion) or ``changed``; what is left
is ``added`` (copy) or ``dropped`` (original, aligned sentences only).

Hand-written number words (~40 lines): word2number is unmaintained since 2017 and parses one number
per string; text2num needs a native wheel for a job this small.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from ..match.align import align
from ..records import Alignment, Document, NumberCheck, Span
from ..text.normalize import sentence_spans

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12, "trln": 1e12}
# Bare "k"/"m" are a scale only after a currency sign ("$10m"); "10m" alone is ten metres as often.
_CURRENCY_ONLY_SCALES = frozenset({"k", "m"})
_SCALE_NAME = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_UNIT_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "crown": "crowns", "crowns": "crowns", "kronur": "crowns", "krona": "crowns", "kronor": "crowns",
    "%": "%", "percent": "%", "per cent": "%", "percentage point": "pp", "percentage points": "pp",
}
_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion", "trillion"], key=len, reverse=True))
_SCALE_RE = r"thousand|million|billion|trillion|trln|mln|bln|tln|mn|bn|tn|k|m"
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_WORDS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?P<cur>US\$|[$€£¥])?\s?"
    rf"(?:(?P<time>\d{{1,2}}(?::\s?\d{{2}})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b))|(?P<clock>\d{{1,2}}:\s?\d{{2}})\b"
    rf"|(?P<num>(?<![\w.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d]))(?P<ord>st|nd|rd|th)?"
    rf"|(?P<words>\b(?:(?:a|one)\s+(?:hundred|thousand|million|billion|trillion)|(?:{_WORD}))(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*\b))"
    rf"(?:[\s-]?(?P<scale>{_SCALE_RE})\b)?(?:\s?(?P<unit>{_UNIT_RE})(?!\w))?",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Bare "one" is a pronoun as often as a figure ("one of the bloodiest battles"), and "zero" rare.
_SKIP_WORDS = frozenset({"one", "zero"})


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written, its value (scale applied), unit, and scale word."""

    span: Span
    text: str
    value: float
    unit: str | None  # "USD", "%", "time", "year", … or None
    scale: float | None  # 1e6 for "million", None without a scale word
    mantissa: float  # the value before the scale word


def words_value(text: str) -> float | None:
    """English number words -> value ("two hundred and five" -> 205.0; "a million" -> 1e6).

    Examples:
        >>> words_value("twenty-five"), words_value("more"), words_value("one billion")
        (25.0, None, 1000000000.0)
    """
    total = current = 0.0
    seen = False
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("and", ""):
            continue
        if w == "a":
            current = 1.0
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in _SCALES:
            total += (current or 1.0) * _SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def find_figures(text: str) -> tuple[Figure, ...]:
    """Every figure of ``text`` in order.

    Examples:
        >>> [(f.text, f.value, f.unit) for f in find_figures("a project of more than one billion dollars")]
        [('one billion dollars', 1000000000.0, 'USD')]
        >>> [(f.value, f.unit) for f in find_figures("$1 billion, 15% and the 80th of 2027 at 3 p.m.")]
        [(1000000000.0, 'USD'), (15.0, '%'), (80.0, None), (2027.0, 'year'), (900.0, 'time')]
        >>> [f.text for f in find_figures("a silk veil.[47][48] She wore a tiara.[2]")]
        []
        >>> t = "left at 8 p.m. and at 1:50"
        >>> [(f.text, t[f.span[0]:f.span[1]]) for f in find_figures(t)]
        [('8 p.m.', '8 p.m.'), ('1:50', '1:50')]
    """
    out: list[Figure] = []
    urls = [u.span() for u in _URL.finditer(text)]
    for m in _FIGURE.finditer(text):
        if any(a <= m.start() < b for a, b in urls):
            continue  # a date or id inside a link is no figure of the story
        g = m.groupdict()
        if g["num"] and text[m.start() - 1:m.start()] == "[" and text[m.end():m.end() + 1] == "]":
            continue  # a reference mark ("[47]", scraped Wikipedia): no figure of the story
        scale = _SCALES.get((g["scale"] or "").lower())
        if (g["scale"] or "").lower() in _CURRENCY_ONLY_SCALES and not g["cur"]:
            scale = None
        if g["time"] or g["clock"]:
            raw = (g["time"] or g["clock"]).lower()
            hh, _, rest = raw.partition(":")
            rest = rest.lstrip()  # MT writes "6: 00pm"
            minutes = int(re.match(r"\d+", rest).group()) if rest and rest[0].isdigit() else 0
            hours = int(re.match(r"\d+", hh).group()) % 12 if g["time"] else int(hh)
            hours += 12 if g["time"] and "p" in raw else 0
            at = m.start("time") if g["time"] else m.start("clock")  # the span is the text: no leading space
            out.append(Figure((at, m.end()), text[at:m.end()].strip(), hours * 60.0 + minutes, "time", None,
                              hours * 60.0 + minutes))
            continue
        if g["num"]:
            num = g["num"]
            num = num.replace(",", "") if re.search(r",\d{3}\b", num) else num.replace(",", ".")
            mantissa = float(num)
        else:
            words = g["words"]
            if words.lower() in _SKIP_WORDS:
                continue
            value = words_value(words)
            if value is None:
                continue
            mantissa = value
        unit = _CURRENCY_SIGNS.get((g["cur"] or "").lower()) or _UNIT_WORDS.get((g["unit"] or "").lower())
        if unit is None and g["num"] and not g["ord"] and scale is None and re.fullmatch(r"(1[89]|20)\d\d", g["num"]):
            unit = "year"
        start = m.start("cur") if g["cur"] else m.start("num") if g["num"] else m.start("words")
        out.append(Figure((start, m.end()), text[start:m.end()].strip(), mantissa * (scale or 1.0), unit, scale, mantissa))
    return tuple(out)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?![\d,])")


def _equal(a: Figure, b: Figure) -> bool:
    """One figure written two ways: same value and unit, or a way MT and news style write it differently.

    "146.460" / "146,460" (a dot for thousands), "3 am" or "3 pm" / "three" (hours), "'69" / "1869"
    and "16-year" / "2016" (a year's last two digits).

    Examples:
        >>> f = lambda t: find_figures(t)[0]
        >>> _equal(f("146.460 deaths"), f("146,460 deaths")), _equal(f("after 3 am"), f("after three"))
        (True, True)
        >>> _equal(f("(1825-69)"[6:]), f("1869")), _equal(f("6: 00pm"), f("6pm")), _equal(f("11pm"), f("nine"))
        (True, True, False)
    """
    if _same_value(a.value, b.value) and _compatible(a, b):
        return True
    for x, y in ((a, b), (b, a)):
        if y.unit is not None or not float(y.value).is_integer():
            continue
        if x.unit == "time" and y.value <= 12 and any(_same_value(x.value, (y.value + h) * 60) for h in (0, 12)):
            return True
        if x.unit == "year" and y.value < 100 and "." not in y.text and _same_value(x.value % 100, y.value):
            return True
        dots = _DOT_THOUSANDS.search(x.text)
        if dots and x.unit == y.unit and _same_value(float(dots.group().replace(".", "")) * (x.scale or 1), y.value):
            return True
    return False


def _digits(value: float) -> str:
    """A value's significant digits ("86.5 million" and "86,500" -> "865")."""
    return f"{abs(value):.6g}".replace(".", "").lstrip("0").split("e")[0].rstrip("0")


def _scaled(a: Figure, b: Figure) -> bool:
    """Same digits, a scale word on one side, values a power of ten >= 1,000 apart ("200 million" / "200,000").

    Examples:
        >>> f = lambda t: find_figures(t)[0]
        >>> _scaled(f("200 million"), f("200,000")), _scaled(f("50 million rubles"), f("500 thousand rubles"))
        (True, True)
        >>> _scaled(f("200"), f("2,000"))
        False
    """
    if not (a.scale or b.scale) or not a.value or not b.value:
        return False
    ratio = max(a.value, b.value) / min(a.value, b.value)
    power = abs(ratio - 10 ** round(math.log10(ratio))) < 1e-6 * ratio
    return _digits(a.value) == _digits(b.value) and ratio >= 99 and power


def _close(a: Figure, b: Figure) -> bool:
    """Whether a figure of a neighbouring sentence may be the one the copy changed: same unit (no year, no time),
    within a factor of ten or the same digits at another scale, and no small bare count.

    Examples:
        >>> f = lambda t: find_figures(t)[0]
        >>> _close(f("26th"), f("20th")), _close(f("$700"), f("1989")), _close(f("2018"), f("two"))
        (True, False, False)
        >>> _close(f("12"), f("1")), _close(f("three"), f("two"))
        (False, False)
    """
    if a.unit != b.unit or a.unit in ("year", "time") or not a.value or not b.value:
        return False
    if a.unit is None and min(a.value, b.value) < 10:
        return False  # small counts ("three" / "two", "8th" / "6th") sit in every sentence: too many to guess from
    return max(a.value, b.value) / min(a.value, b.value) <= 10 or _scaled(a, b)


def _compatible(a: Figure, b: Figure) -> bool:
    """Units agree, or one side names none (a bare "2027" is the year 2027)."""
    return a.unit is None or b.unit is None or a.unit == b.unit


def check_numbers(copy: Document, original: Document, alignment: Alignment) -> tuple[NumberCheck, ...]:
    """Copy figures against the original's in aligned sentences; dropped original figures at the end.

    Examples:
        >>> from unspin.match.align import align
        >>> c = Document("c", "", ("Hegseth said 50,000 troops and a project of $1 million were planned.",))
        >>> o = Document("o", "", ("Hegseth said 5,000 troops and a project of $1 billion were planned.",))
        >>> [(n.status, n.copy_text, n.original_text) for n in check_numbers(c, o, align(c, o))]
        [('changed', '50,000', '5,000'), ('scale-changed', '$1 million', '$1 billion')]
    """
    ct, ot = copy.text or "\n".join(copy.sentences), original.text or "\n".join(original.sentences)
    cfig, ofig = find_figures(ct), find_figures(ot)
    cstarts = [max(a, 0) for a, _ in sentence_spans(ct, copy.sentences)] if copy.sentences else [0]
    ostarts = [max(a, 0) for a, _ in sentence_spans(ot, original.sentences)] if original.sentences else [0]
    rows: dict[int, set[int]] = {}
    for pair in alignment.pairs:
        for i in pair.copy:
            rows.setdefault(i, set()).update(pair.original)
    aligned_orig = set().union(*rows.values()) if rows else set()
    csent = [bisect.bisect_right(cstarts, f.span[0]) - 1 for f in cfig]
    # Paired only with digits masked: weaker evidence, so a figure there pairs only with one of its own unit and
    # magnitude (``_close``), never with whatever figure the sentence holds.
    masked = _counterparts_without_figures(copy, original, {i for i in csent if not rows.get(i)})
    rows.update(masked)
    osent = [bisect.bisect_right(ostarts, f.span[0]) - 1 for f in ofig]
    used: set[int] = set()
    result: dict[int, NumberCheck] = {}
    todo: list[tuple[int, set[int]]] = []
    for k, f in enumerate(cfig):
        direct = rows.get(csent[k], set())
        near = {j + d for j in direct for d in (-1, 0, 1)}
        match = next((n for n, g in enumerate(ofig) if n not in used and osent[n] in near
                      and _equal(f, g)), None)
        if match is not None:
            used.add(match)
            result[k] = _check("same", f, ofig[match], "the original writes the same figure")
        else:
            todo.append((k, direct))
    for k, direct in todo:
        f = cfig[k]
        # the direct sentences' figures first, then one sentence either side (as for equal figures): the
        # alignment puts a short headline or a split sentence next to the original sentence holding the figure
        near = {j + d for j in direct for d in (-1, 0, 1)}
        rest = [n for n, g in enumerate(ofig) if n not in used and osent[n] in direct
                and (csent[k] not in masked or _close(f, g))] or \
            [n for n, g in enumerate(ofig) if n not in used and osent[n] in near and _close(f, g)]
        if not direct:
            result[k] = _check("added", f, None, "in a sentence the original does not have")
            continue
        if not rest:
            result[k] = _check("added", f, None, f"original sentence {min(direct) + 1} has no figure left to match it")
            continue
        # a figure of the same unit and magnitude first ("230,000 horses" is paired with "130,000", not with the
        # sentence's earlier "2011"), then the first in the text
        n = min(rest, key=lambda n: (not _compatible(f, ofig[n]), not _close(f, ofig[n]), ofig[n].span[0]))
        used.add(n)
        g = ofig[n]
        if _equal(f, g):
            result[k] = _check("same", f, g, "the original writes the same figure")
        elif _same_value(f.value, g.value):
            result[k] = _check("unit-changed", f, g, f"unit {g.unit} → {f.unit}")
        elif (_same_value(f.mantissa, g.mantissa) and f.scale != g.scale) or _scaled(f, g):
            result[k] = _check("scale-changed", f, g, f"scale {_SCALE_NAME.get(g.scale or 0, 'none')} → "
                                                     f"{_SCALE_NAME.get(f.scale or 0, 'none')}")
        else:
            result[k] = _check("changed", f, g, f"original sentence {osent[n] + 1} writes {g.text}")
    out = [result[k] for k in range(len(cfig))]
    for n, g in enumerate(ofig):
        if n not in used and osent[n] in aligned_orig:
            out.append(_check("dropped", None, g, f"original sentence {osent[n] + 1}; the aligned copy sentence lacks it"))
    return tuple(out)


_DIGIT_RUN = re.compile(r"\d+")


def _counterparts_without_figures(copy: Document, original: Document, sentences: set[int]) -> dict[int, set[int]]:
    """Original sentences for the copy sentences in ``sentences`` (they hold a figure, the alignment pairs them with
    none), found by aligning both texts with every digit run written "0".

    Figures are rare words and weigh in sentence similarity: a paraphrased sentence whose figure the copy changed
    ("raising around $200 million since becoming party leader" / "... around $100 million since taking ...") can
    fall below the pairing threshold because of the very change this check exists to report.

    Examples:
        >>> c = Document("c", "", ("Pelosi has raised around $200 million for the party.", "Unrelated."))
        >>> o = Document("o", "", ("Intro.", "Pelosi raised around $100 million for the Democratic Party, aides say."))
        >>> _counterparts_without_figures(c, o, {0})
        {0: {1}}
    """
    if not sentences or not copy.sentences or not original.sentences:
        return {}
    masked = align(Document(copy.id, "", tuple(_DIGIT_RUN.sub("0", s) for s in copy.sentences)),
                   Document(original.id, "", tuple(_DIGIT_RUN.sub("0", s) for s in original.sentences)))
    out: dict[int, set[int]] = {}
    for pair in masked.pairs:
        for i in pair.copy:
            if i in sentences and pair.original:
                out.setdefault(i, set()).update(pair.original)
    return out


def _check(status: str, c: Figure | None, o: Figure | None, evidence: str) -> NumberCheck:
    return NumberCheck(
        status,  # type: ignore[arg-type]
        c.span if c else None, c.text if c else None, o.span if o else None, o.text if o else None,
        c.value if c else None, o.value if o else None, (c.unit if c else None) or (o.unit if o else None), evidence,
    )
