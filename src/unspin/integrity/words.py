"""Words that carry a quote's meaning beyond its topic: str -> folded word tokens; tokens -> classed words.

A negation, a quantifier, an intensifier or a qualifier turns what someone said into something else
("America first does not mean America alone" -> "America does not mean America alone"); a synonym swap
does not. The classes are closed-class English words (grammar books list them; Quirk et al. ch. 5, 8),
so they are listed here rather than learnt. Counts per class are compared, not words: a translation
writes "just" for "only" or "very" for "extremely" (same class, same count) and that is not drift.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..names.keys import fold

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER_SIGN = re.compile(r"\bNo\.(?=\s*\d)")  # "No. 3 designated hitter" is a number, not a "no"
# The Japanese particle in romanised names ("Hare No Megumi", "Chi-no-wa Festival") is no negation either.
_NAME_PARTICLE = re.compile(r"(?<=[A-Z][a-z])[a-z]* [Nn]o (?=[A-Z][a-z])|(?<=\w)-no-(?=\w)")
_NT = re.compile(r"(?i)^(.+?)n['’]t$")
_IRREGULAR_NT = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"], "ain't": ["is", "not"],
                 "cannot": ["can", "not"]}

# Negation: the polarity of a clause. "no"/"none"/"nobody" … count as one negation each.
NEGATION = frozenset("not no never nobody none nothing nowhere neither nor without".split())
# Quantifiers: how many/much. Ordinary translation swaps "all" for "every" (same class). "much" and
# "any" are left out: "so much", "any longer" are idiom far more often than a claim about how many.
QUANTIFIER = frozenset("all every each some many most few several both entire whole lots plenty numerous".split())
# Intensifiers: degree adverbs. "so", "too" and "far" are left out: on wmt-dev they are conjunctions
# ("so we left"), additive adverbs ("they have planes, too") or temporal ("so far") in most of the
# unperturbed quotes they made `altered` (38 of 59 intensifier false flags in a 400-copy sample).
INTENSIFIER = frozenset(
    "very extremely really highly totally absolutely completely strongly greatly deeply truly fully "
    "utterly entirely quite definitely certainly seriously especially particularly drastically "
    "significantly substantially considerably dramatically sharply hugely massively enormously immensely "
    "tremendously vastly incredibly remarkably exceptionally terribly awfully".split()
)
# Qualifiers: restrict, rank or hedge a claim ("first", "only", "almost", "may"). "last" ("last year")
# and the modals of obligation or condition (would, should, must: MT swaps them with "will", "need to",
# "have to") are left out; the hedging modals may/might/could stay and balance against any modal.
QUALIFIER = frozenset(
    "only just first even still already almost nearly barely hardly merely solely mainly mostly "
    "partly perhaps maybe possibly probably likely allegedly reportedly apparently may might could "
    "ever always".split()
)
MODALS = frozenset("can could may might must shall should will would".split())
CLASSES: dict[str, frozenset[str]] = {
    "negation": NEGATION, "quantifier": QUANTIFIER, "intensifier": INTENSIFIER, "qualifier": QUALIFIER,
}
# A word that negates by its form ("unknown", "unable", "hopeless", "fails") balances a "not" the
# other side writes in its place: both sides negate, in different words, and that is no drift.
_NEGATIVE_FORM = re.compile(r"^(?:un|in|im|ir|il|dis|non)[a-z]{3,}$|^[a-z]{3,}less$|^(?:fail|lack|refus|absen|broke)")
# Anywhere in the quote (not only in the same diff region) a narrower set: "in-"/"dis-" words are mostly
# not negative ("information", "discuss"), nor are "under", "until", "united", "understand".
_NEGATIVE_WORD = re.compile(r"^un(?!der|til|ite|ity|ive|ion|iq|less)[a-z]{4,}$|^[a-z]{3,}less$|^(?:fail|lack|refus|impossib)")
# A class word is drift only where the rest of the quote lines up around it: its diff region (the run of
# words the two sides do not share, in which it sits) is at most this long on either side and touches a
# shared word. On wmt-dev, honest MT rewording puts class words in long regions ("absolutely no money
# left" / "completely broke"); a dropped or inserted word sits in a region of 1-3 words.
# Swept on 300 wmt-dev copies (unperturbed `altered` share / recall of dropped and added negations):
# 1 -> 0.058 / 0.30-0.28, 3 -> 0.098 / 0.55-0.57, 5 -> 0.108 / 0.59-0.69, unbounded -> 0.120 / 0.70-0.78
# (count-only, before: 0.20 / 0.76-0.86). 5, with CLOSE, keeps most recall for half the false flags.
MAX_REGION = 5
# Quotes sharing this much of their words (difflib ratio of the word keys) are one text copied, not two
# translations: there every unbalanced class word counts, wherever it sits (0.5/0.6/0.7 swept: 0.6).
CLOSE = 0.6
# Words beyond the shared stretch of two quotes that are still compared: a dropped "Only" opening the
# quote, "works" / "does not work" closing it (1 word against 3).
TRIM_SLACK = 2
# Polarity is compared over a wider stretch: MT moves a negation away from the words both sides share
POLARITY_SLACK = 6


# Most serious first: the order changes are listed in, in every view.
SEVERITY = ("negation", "speaker", "number", "qualifier", "quantifier", "name", "intensifier")


def tokens(text: str) -> list[str]:
    """Folded word tokens with negative contractions split ("didn't" -> "did", "not").

    Examples:
        >>> tokens("We didn’t — and won't — give up, Mr. Hegseth!")
        ['we', 'did', 'not', 'and', 'will', 'not', 'give', 'up', 'mr', 'hegseth']
    """
    out: list[str] = []
    text = _NAME_PARTICLE.sub(lambda m: re.sub(r" [Nn]o $", " particle ", m.group()).replace("-no-", "-particle-"),
                              _NUMBER_SIGN.sub("number", text))
    for m in _TOKEN.finditer(text):
        w = m.group().lower().replace("’", "'")
        if w in _IRREGULAR_NT:
            out += _IRREGULAR_NT[w]
        elif (nt := _NT.match(w)) is not None:
            out += [fold(nt.group(1)) or nt.group(1), "not"]
        else:
            out.append(fold(w) or w)
    return out


def class_counts(words: list[str]) -> dict[str, Counter[str]]:
    """Words of each class, counted.

    Examples:
        >>> {k: dict(v) for k, v in class_counts(tokens("Not all of them will only say no")).items() if v}
        {'negation': {'not': 1, 'no': 1}, 'quantifier': {'all': 1}, 'qualifier': {'only': 1}}
    """
    return {name: Counter(w for w in words if w in members) for name, members in CLASSES.items()}


@dataclass(frozen=True, slots=True)
class WordChange:
    """One class word on one side of two token lists with no same-class word in its place on the other."""

    kind: str  # "negation-dropped", "qualifier-added", …
    word: str
    region: int  # length of the diff region it sits in (the longer side), in words
    anchored: bool  # the region touches a word both sides share


def trim(original: list[str], copy: list[str], slack: int = TRIM_SLACK) -> tuple[list[str], list[str]]:
    """Both token lists cut to the stretch they share, plus the other side's unshared head and tail.

    A copy quote's marks often enclose more or less than the original's (MT moves them; a paragraph
    runs on unquoted): the words outside the shared stretch have no counterpart to be compared with.

    Examples:
        >>> trim("then he said that it was not all of it".split(), "it was all of it".split())
        (['said', 'that', 'it', 'was', 'not', 'all', 'of', 'it'], ['it', 'was', 'all', 'of', 'it'])
    """
    ko, kc = [key(w) for w in original], [key(w) for w in copy]
    blocks = [m for m in SequenceMatcher(None, ko, kc, autojunk=False).get_matching_blocks() if m.size]
    long_blocks = [m for m in blocks if m.size >= 2] or blocks
    if not long_blocks:
        return original, copy
    first, last = long_blocks[0], long_blocks[-1]
    head_o, head_c = first.a, first.b
    tail_o, tail_c = len(original) - last.a - last.size, len(copy) - last.b - last.size
    # each side keeps of its unshared head (tail) at most the other side's plus TRIM_SLACK words
    ho, hc = min(head_o, head_c + slack), min(head_c, head_o + slack)
    to, tc = min(tail_o, tail_c + slack), min(tail_c, tail_o + slack)
    return (original[first.a - ho:last.a + last.size + to], copy[first.b - hc:last.b + last.size + tc])


def word_changes(original: list[str], copy: list[str]) -> list[WordChange]:
    """Class words of either side with no word of their class in the matching diff region of the other.

    Words are compared by their first five letters (``key``), so that an inflection MT chose ("works" /
    "work") does not widen a diff region.

    Examples:
        >>> [(c.kind, c.word, c.region, c.anchored) for c in word_changes(tokens("we will never leave"), tokens("we will leave"))]
        [('negation-dropped', 'never', 1, True)]
        >>> word_changes(tokens("it is not known"), tokens("it is unknown"))
        []
    """
    out: list[WordChange] = []
    ko, kc = [key(w) for w in original], [key(w) for w in copy]
    ops = SequenceMatcher(None, ko, kc, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        region = max(i2 - i1, j2 - j1)
        anchored = (k > 0 and ops[k - 1][0] == "equal") or (k + 1 < len(ops) and ops[k + 1][0] == "equal")
        for side, mine, theirs, how in ((original, range(i1, i2), copy[j1:j2], "dropped"),
                                        (copy, range(j1, j2), original[i1:i2], "added")):
            for i in mine:
                name = word_class(side[i])
                if name is None or idiom(side, i) or _balanced(name, side[i], theirs):
                    continue
                out.append(WordChange(f"{name}-{how}", side[i], region, anchored))
    return out


def key(word: str) -> str:
    """What two words are compared by: their first five letters ("vaccinated" ~ "vaccine")."""
    return word[:5]


def swapped(original: list[str], copy: list[str], gone: str, new: str, max_region: int = MAX_REGION) -> bool:
    """Whether folded word ``gone`` of the original stands where the copy writes ``new``, the rest lining up.

    Examples:
        >>> swapped(tokens("Russia will attack us"), tokens("China will attack us"), "russia", "china")
        True
        >>> swapped(tokens("Between meals I eat fruit"), tokens("Most often it is the banana"), "between", "most")
        False
    """
    original, copy = trim(original, copy)
    ops = SequenceMatcher(None, [key(w) for w in original], [key(w) for w in copy], autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        anchored = (k > 0 and ops[k - 1][0] == "equal") or (k + 1 < len(ops) and ops[k + 1][0] == "equal")
        if (tag == "replace" and anchored and max(i2 - i1, j2 - j1) <= max_region
                and gone in original[i1:i2] and new in copy[j1:j2]):
            return True
    return False


def word_class(word: str) -> str | None:
    """The class of a folded word, or None ("never" -> "negation")."""
    return next((name for name, members in CLASSES.items() if word in members), None)


# Words that do a quantifier's, intensifier's or qualifier's job without being one: MT writes "everyone"
# for "all", "the majority" for "most", "simply" for "just", "actually" for "really", "the two sides" for
# "both sides", "more people" for "many people". Balancing with these, with a word of another of the three
# classes ("All I was thinking" / "I was only thinking") and skipping the fixed phrases below took a 300-copy
# wmt-dev sample from 110 to 96 unperturbed quotes altered (class flags 105 -> 80), for paired recall of
# qualifier drops 0.67 -> 0.63 and inserts 0.86 -> 0.84.
STAND_INS = frozenset("everyone everything everybody everywhere majority more less fewer lot lots two either overall "
                      "simply actually honestly exactly precisely such so too much far any rather pretty".split())
DEGREE = QUANTIFIER | INTENSIFIER | QUALIFIER | STAND_INS
# Class words inside fixed phrases that carry no claim: "at all", "after all", "above all", "all over",
# "first of all", "on the whole", "quite a few", "just as", "even though", "ever since" ("even if" is no "if").
_IDIOM_AFTER = frozenset({("at", "all"), ("after", "all"), ("above", "all"), ("the", "whole")})
_IDIOM_BEFORE = frozenset({("all", "over"), ("quite", "a"), ("just", "as"),
                           ("even", "though"), ("ever", "since")})


def idiom(words: list[str], i: int) -> bool:
    """Whether class word ``words[i]`` is part of a fixed phrase ("at all", "quite a few") rather than a claim."""
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 2] if i + 2 < len(words) else ""
    return ((prev, words[i]) in _IDIOM_AFTER or (words[i], nxt) in _IDIOM_BEFORE
            or (words[i], nxt, after) == ("first", "of", "all"))


def _balanced(name: str, word: str, theirs: list[str]) -> bool:
    """Whether the other side's region has a word doing the same job (same class, a negative form, a modal)."""
    if any(w in CLASSES[name] for w in theirs):
        return True
    if name != "negation" and any(w in DEGREE for w in theirs):
        return True
    if name == "negation" and any(_NEGATIVE_FORM.match(w) for w in theirs):
        return True
    return word in MODALS and any(w in MODALS for w in theirs)


# Negators that do not turn the claim around: "no matter" concedes. ("no doubt" does: "should have no doubt" /
# "should have doubt"; MT's "undoubtedly" balances it as a negative form.) "not only … but also"
# stays a negation: MT's "as well as" for it made 6 of 45 negation false flags in a 1,000-copy wmt-dev sample,
# but a copy that drops its "not" says "only X" (7 of 184 dropped negations there).
_NOT_POLARITY = frozenset({("no", "matter")})


# Words that negate by their form and stand for a "not" the other side writes ("unable", "inaccurate",
# "can't be conveyed" / "indescribable"). They only balance a negation word of the other side: on a 300-copy
# wmt-dev sample, counted as negations of their own they made 14 of 28 negation false flags ("merciless"
# / "a hard master", "unmanned aerial vehicle" / "drone", "untrue" / "false").
_NEGATIVE_FORMS = re.compile(
    _NEGATIVE_WORD.pattern + r"|^(?:in(?:accura|correct|suffici|adequa|describ|capab|effect|complet|appropria|valid"
    r"|convenien|toler)|im(?:prop|possib|practic|matur|perfect)|dis(?:agre|honest|satisf|appro|like)"
    r"|ir(?:relev|respons|regul)|il(?:legal|logic)|non[a-z]{3,}|absen|broke|wrong|false)"
    # a comparative, an adverb or a verb that says "not" ("less prepared" / "not as ready", "stopped showing" /
    # "no longer showed", "avoid taking" / "not to take"); not "little" ("a little stir") nor "free" ("free
    # speech"): too often no negation
    r"|^(?:less|fewer|hardly|barely|rarely|seldom)$|^(?:stop|ceas|quits?$|quitt|avoid)")


def negators(words: list[str]) -> list[str]:
    """The negation words of a clause ("not", "never", "no", "without", …): its polarity, counted.

    "never" for "not" is no change, one more or one fewer is. "neither … nor" counts once.

    Examples:
        >>> negators(tokens("He didn't act, no matter what; neither he nor she was unable to"))
        ['not', 'neither']
    """
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in NEGATION and (w, nxt) not in _NOT_POLARITY and not (w == "nor" and "neither" in words[:i]):
            out.append(w)
    return out


# "few"/"little" without "a" say "not many"/"not much" ("There are few shops" / "There aren't many shops",
# "little experience" / "not enough experience"); "rather than"/"other than"/"instead of" say "not".
_SCANT = frozenset({"few", "little"})
_NOT_THAN = frozenset({"rather", "other", "instead"})


def negative_forms(words: list[str]) -> int:
    """How many words of a clause negate by their form or use ("unknown", "fails", "few shops", "rather than").

    Examples:
        >>> negative_forms(tokens("Few shops, a little rain, rather than waiting, it is unknown"))
        3
    """
    n = 0
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        n += bool(_NEGATIVE_FORMS.match(w) or (w in _SCANT and prev not in ("a", "quite"))
                  or (w in _NOT_THAN and nxt in ("than", "of")))
    return n


def polarity_change(original: list[str], copy: list[str]) -> tuple[str, str] | None:
    """("negation-dropped"/"negation-added", words) when two clauses count different negation words.

    A side with fewer negation words but more negative forms ("unknown", "fails") is balanced by them.

    Examples:
        >>> polarity_change(tokens("We will never leave"), tokens("We will leave"))
        ('negation-dropped', 'never')
        >>> polarity_change(tokens("We do not know"), tokens("It is unknown")) is None
        True
    """
    a, b = negators(original), negators(copy)
    fa, fb = negative_forms(original), negative_forms(copy)
    diff = len(b) - len(a)
    if diff > 0:
        diff = max(0, diff - max(0, fa - fb))
    elif diff < 0:
        diff = min(0, diff + max(0, fb - fa))
    if diff == 0:
        return None
    more, fewer, how = (b, a, "added") if diff > 0 else (a, b, "dropped")
    rest = list(fewer)
    extra = [w for w in more if not (w in rest and not rest.remove(w))]
    return f"negation-{how}", " ".join((extra or more)[:abs(diff)])


def class_changes(original: list[str], copy: list[str], max_region: int = MAX_REGION,
                  close: float = CLOSE) -> list[tuple[str, str]]:
    """(kind, words) for every class whose count differs and whose change sits where the quotes line up.

    Both sides are first trimmed to their shared stretch (``trim``). A class is reported when its count
    differs between the two sides in the direction of a word change (``word_changes``) with no word of
    its class in its place, and either the two quotes are close (share ``close`` of their words: a copy,
    not a translation) or the change is anchored in a diff region of at most ``max_region`` words: honest
    rewording moves or swaps class words (counts equal) or rewrites a whole phrase around them (long
    region); drift drops or inserts one.

    Examples:
        >>> class_changes(tokens("America first does not mean America alone"), tokens("America does not mean America alone"))
        [('qualifier-dropped', 'first')]
        >>> class_changes(tokens("It is only a test"), tokens("It is just a test"))
        []
        >>> class_changes(tokens("I've got absolutely no money left"), tokens("I'm completely broke"))
        []
    """
    if not set(map(key, copy)) & set(map(key, original)):
        return []  # nothing in common: no counterpart to compare with
    negation = polarity_change(*trim(original, copy, POLARITY_SLACK))
    out: list[tuple[str, str]] = [negation] if negation else []
    original, copy = trim(original, copy)
    a, b = class_counts(original), class_counts(copy)
    changes = word_changes(original, copy)
    sim = SequenceMatcher(None, [key(w) for w in original], [key(w) for w in copy], autojunk=False).ratio()
    for name in CLASSES:
        if name == "negation":
            continue
        diff = sum(b[name].values()) - sum(a[name].values())
        if diff == 0:
            continue
        how = "dropped" if diff < 0 else "added"
        found = [c.word for c in changes
                 if c.kind == f"{name}-{how}" and (sim >= close or (c.anchored and c.region <= max_region))]
        if found:
            out.append((f"{name}-{how}", " ".join(found[:abs(diff)])))
    return out


def severity(kind: str) -> int:
    """Rank of a change kind, 0 = most serious ("negation-dropped" -> 0)."""
    head = kind.split("-")[0]
    return SEVERITY.index(head) if head in SEVERITY else len(SEVERITY)
