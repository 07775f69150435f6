"""What content farms do to an article, simulated for calibration: Document -> excerpt | synonym-spun | shuffled copy.

Used only by ``unspin train matcher`` to add copies the real data sets lack: excerpts (the first 30-60 %
of the sentences, as a farm that republishes the lead), synonym spin (a word-swap spinner) and sentence
shuffles (reordered facts). Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import random
import re

from ..records import Document

# A cheap spinner's swap table: frequent news words -> the replacements spinners and LLMs pick
# ("said" -> "stated", "people" -> "individuals"). Hand-written, so that training needs no WordNet;
# what matters for calibration is that a share of the common words changes and names/numbers stay.
SWAPS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "declared", "noted"), "says": ("states", "notes"), "told": ("informed", "advised"),
    "people": ("individuals", "persons", "folks"), "government": ("administration", "authorities"),
    "country": ("nation", "state"), "city": ("town", "municipality"), "year": ("twelvemonth", "annum"),
    "years": ("decades", "seasons"), "week": ("seven days",), "month": ("four weeks",),
    "new": ("fresh", "novel", "recent"), "big": ("huge", "large"), "large": ("sizable", "big"),
    "small": ("little", "tiny"), "important": ("significant", "crucial"), "many": ("numerous", "several"),
    "show": ("demonstrate", "reveal"), "shows": ("demonstrates", "reveals"), "help": ("assist", "aid"),
    "start": ("begin", "commence"), "started": ("began", "commenced"), "end": ("finish", "conclude"),
    "ended": ("finished", "concluded"), "make": ("create", "produce"), "made": ("created", "produced"),
    "increase": ("rise", "growth"), "rose": ("climbed", "increased"), "fell": ("dropped", "declined"),
    "buy": ("purchase", "acquire"), "sell": ("offload", "market"), "company": ("firm", "business"),
    "companies": ("firms", "businesses"), "market": ("marketplace", "exchange"), "price": ("cost", "rate"),
    "prices": ("costs", "rates"), "police": ("law enforcement", "officers"), "killed": ("slain", "murdered"),
    "attack": ("assault", "strike"), "meeting": ("gathering", "session"), "leader": ("chief", "head"),
    "president": ("head of state", "commander"), "minister": ("secretary", "official"), "official": ("officer", "functionary"),
    "officials": ("authorities", "officers"), "report": ("account", "statement"), "plan": ("scheme", "proposal"),
    "plans": ("schemes", "proposals"), "problem": ("issue", "difficulty"), "work": ("labor", "effort"),
    "house": ("home", "residence"), "children": ("kids", "youngsters"), "woman": ("lady", "female"),
    "man": ("gentleman", "male"), "women": ("ladies", "females"), "men": ("gentlemen", "males"),
    "home": ("house", "residence"), "money": ("cash", "funds"), "change": ("alteration", "shift"),
    "want": ("desire", "wish"), "wanted": ("desired", "wished"), "need": ("require", "want"),
    "think": ("believe", "reckon"), "believe": ("think", "consider"), "however": ("nevertheless", "yet"),
    "also": ("likewise", "additionally"), "about": ("regarding", "concerning"), "because": ("since", "as"),
    "after": ("following", "subsequent to"), "before": ("prior to", "ahead of"), "during": ("throughout", "amid"),
    "expected": ("anticipated", "predicted"), "according": ("as per",), "announced": ("declared", "revealed"),
    "added": ("included", "appended"), "called": ("named", "termed"), "recent": ("latest", "current"),
    "high": ("elevated", "steep"), "low": ("minimal", "reduced"), "fast": ("rapid", "quick"),
    "good": ("fine", "decent"), "bad": ("poor", "awful"), "first": ("initial", "earliest"),
    "last": ("final", "previous"), "part": ("portion", "section"), "group": ("team", "band"),
    "support": ("backing", "assistance"), "public": ("general population", "community"), "world": ("globe", "planet"),
    "state": ("condition", "province"), "war": ("conflict", "combat"), "law": ("statute", "legislation"),
    "decision": ("ruling", "verdict"), "agreement": ("deal", "accord"), "deal": ("agreement", "pact"),
    "talks": ("discussions", "negotiations"), "percent": ("per cent",),
}
_WORD = re.compile(r"[A-Za-z]+")


def excerpt(doc: Document, share: float) -> Document:
    """The first ``share`` of the sentences (at least 2, or all when fewer), id suffixed "#excerpt".

    Examples:
        >>> excerpt(Document("o", "", ("A.", "B.", "C.", "D.")), 0.5).sentences
        ('A.', 'B.')
    """
    n = len(doc.sentences)
    k = min(n, max(2, round(share * n)))
    sentences = doc.sentences[:k]
    return Document(id=doc.id + "#excerpt", text=" ".join(sentences), sentences=sentences)


def shuffle(doc: Document, rng: random.Random) -> Document:
    """The sentences in a random order, id suffixed "#shuffle"."""
    sentences = list(doc.sentences)
    rng.shuffle(sentences)
    return Document(id=doc.id + "#shuffle", text=" ".join(sentences), sentences=tuple(sentences))


def spin_sentence(sentence: str, rng: random.Random, rate: float) -> str:
    """Swap each word found in SWAPS with probability ``rate``, keeping an initial capital.

    Examples:
        >>> spin_sentence("Police said 3 people were hurt.", random.Random(0), 1.0)
        'Officers noted 3 persons were hurt.'
    """

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        options = SWAPS.get(word.lower())
        if not options or rng.random() >= rate:
            return word
        new = rng.choice(options)
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return _WORD.sub(swap, sentence)


def spin(doc: Document, rng: random.Random, rate: float = 0.7) -> Document:
    """A synonym-spun copy: every sentence through ``spin_sentence``, id suffixed "#spin"."""
    sentences = tuple(spin_sentence(s, rng, rate) for s in doc.sentences)
    return Document(id=doc.id + "#spin", text=" ".join(sentences), sentences=sentences)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BYLINES = ("By Staff Writer", "By Reuters Staff", "Editorial Team", "By News Desk", "By Associated Press")
_CAPTIONS = ("Photo: Reuters", "(Getty Images)", "Image credit: AFP", "File photo", "Photo by AP")
_BOILERPLATE = ("Advertisement", "Share this article", "Related stories", "Subscribe to our newsletter",
                "Follow us on Twitter", "Read more", "Click here to comment")


def noise_line(rng: random.Random) -> str:
    """One line of page furniture as real crawled pages carry it: a date, byline, caption, rating, banner."""
    kind = rng.randrange(6)
    if kind == 0:
        return f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2026)}, {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"
    if kind == 1:
        return f"Updated {rng.randint(1, 23)} hours ago"
    if kind == 2:
        return rng.choice(_BYLINES)
    if kind == 3:
        return rng.choice(_CAPTIONS)
    if kind == 4:
        return f"Rating: {rng.randint(1, 5)}"
    return rng.choice(_BOILERPLATE)


def add_noise(doc: Document, rng: random.Random, lines: int = 3) -> Document:
    """1..``lines`` noise lines (``noise_line``) at the start and at random places, id suffixed "#noise"."""
    sentences = list(doc.sentences)
    for k in range(rng.randint(1, lines)):
        sentences.insert(0 if k == 0 else rng.randint(0, len(sentences)), noise_line(rng))
    return Document(id=doc.id + "#noise", text=" ".join(sentences), sentences=tuple(sentences))


def window(doc: Document, start: float, end: float, suffix: str = "#window") -> Document:
    """Sentences from ``start`` to ``end`` (shares of the document, at least 2), id suffixed.

    Examples:
        >>> window(Document("o", "", ("A.", "B.", "C.", "D.")), 0.0, 0.5).sentences
        ('A.', 'B.')
    """
    n = len(doc.sentences)
    i = min(max(0, round(start * n)), max(0, n - 2))
    j = min(n, max(i + 2, round(end * n)))
    sentences = doc.sentences[i:j]
    return Document(id=doc.id + suffix, text=" ".join(sentences), sentences=sentences)


_NUMBER = re.compile(r"\b\d+\b")


def writethru(doc: Document, rng: random.Random, lead: str) -> Document:
    """Another write-thru of a story: a new first sentence (``lead``) and one figure changed, id suffixed "#writethru"."""
    sentences = [lead, *doc.sentences[1:]]
    with_numbers = [i for i, s in enumerate(sentences) if i and _NUMBER.search(s)]
    if with_numbers:
        i = rng.choice(with_numbers)
        sentences[i] = _NUMBER.sub(lambda m: str(int(m.group(0)) + rng.randint(1, 9)), sentences[i], count=1)
    return Document(id=doc.id + "#writethru", text=" ".join(sentences), sentences=tuple(sentences))
