"""Carriers: originals that are copies of each other (one wire story on several outlets) -> groups.

Real news archives hold the same wire story many times (Reuters on Newsmax with a new headline, AP on
CBS, a CNN story in two collections). When a farm copies that story, "the original" is one of several
near-identical archived articles, so the archive groups them when they are indexed and ``check`` names
the earliest carrier (``match.carriers``).

Candidates are found by shared *anchors*: hashes of word 5-grams, of which a fixed 1 in 16 are kept (the
hash decides, so two documents keep the same anchors for the text they share), at most 64 per
document. Two originals are candidates when they share at least ``MIN_SHARED`` anchors and those are at
least ``NOMINATE`` of the shorter one's (containment, not Jaccard: a carrier often
trims the story); ``verify`` then compares all their 5-grams and numbers. An anchor held by more than ``MAX_ANCHOR_DOCS`` originals is boilerplate (copyright
lines, blog templates) and is ignored from then on. Word 5-grams do not survive translation, which is
right here: carriers republish the wire's words; a translation of it is a copy, not a carrier.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..text.fingerprint import tokens
from ..text.memo import Memo

SCHEMA = """
CREATE TABLE IF NOT EXISTS anchors (h INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (h, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS common_anchors (h INTEGER PRIMARY KEY);
-- One row per original that has carriers: its group (the smallest key in it) and its link similarity.
CREATE TABLE IF NOT EXISTS carriers (key INTEGER PRIMARY KEY, grp INTEGER NOT NULL, similarity REAL NOT NULL);
CREATE INDEX IF NOT EXISTS carriers_by_group ON carriers(grp);
"""

SHINGLE = 5
SAMPLE = 16  # keep anchors whose hash is 0 modulo this (a power of two): ~44 per 4 kB news article
MAX_ANCHORS = 64
MIN_SHARED = 3
NOMINATE = 0.5  # sampled anchors nominate a pair at this containment; ``verify`` then asks MIN_CONTAINMENT
MIN_CONTAINMENT = 0.7  # labelled AllSides pairs: wire carriers 0.72-1.0; CNN pages sharing page chrome 0.51-0.66
MAX_ANCHOR_DOCS = 50
MIN_NUMBERS = 0.5  # share of the shorter text's numbers the longer must have (``verify``): updated wire copies keep >= 0.5

_MUL = np.uint64(0x9E3779B97F4A7C15)


def anchors_of(words: Sequence[str]) -> tuple[int, ...]:
    """The anchors of a document's word tokens (signed 64-bit ints, ascending).

    Examples:
        >>> a = anchors_of(("the quick brown fox jumps over the lazy dog " * 20).split())
        >>> a == anchors_of(("the quick brown fox jumps over the lazy dog " * 20).split()), all(isinstance(x, int) for x in a)
        (True, True)
        >>> anchors_of(["too", "short"])
        ()
    """
    if len(words) < SHINGLE:
        return ()
    x = np.array(_WORD_HASH.map(words), dtype=np.uint64)
    n = len(x) - SHINGLE + 1
    with np.errstate(over="ignore"):  # in place: a 4 kB article has ~40 anchors, so numpy's per-call cost is what counts
        h = x[:n].copy()
        for i in range(1, SHINGLE):
            h *= _MUL
            h += x[i : n + i]
        h ^= h >> np.uint64(31)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
    # the smallest MAX_ANCHORS sampled hashes as unsigned, returned as signed 64-bit (SQLite's INTEGER)
    kept = sorted(set(h[(h & np.uint64(SAMPLE - 1)) == 0].tolist()))[:MAX_ANCHORS]
    return tuple(v - (1 << 64) if v >= 1 << 63 else v for v in kept)


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) | 1 << 32


_WORD_HASH: Memo[int] = Memo(_word_hash)


def group_batch(con: sqlite3.Connection, items: Sequence[tuple[int, tuple[int, ...]]]) -> int:
    """Store the anchors of newly added originals and join them to their carriers' groups.

    ``items`` are ``(key, anchors)`` of one committed-together batch, keys ascending. Runs inside the
    caller's transaction. Returns how many of the new originals joined a group.
    """
    new: dict[int, list[int]] = defaultdict(list)
    count = {}
    for key, anchors in items:
        count[key] = len(anchors)
        for h in anchors:
            new[h].append(key)
    if not new:
        return 0
    con.execute("CREATE TEMP TABLE IF NOT EXISTS batch_anchors (h INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM batch_anchors")
    # Rows go in in key order: B-tree inserts at ascending places are ~3x cheaper than at random ones.
    con.executemany("INSERT INTO batch_anchors(h) VALUES (?)", ((h,) for h in sorted(new)))
    common = {h for (h,) in con.execute("SELECT c.h FROM batch_anchors b JOIN common_anchors c ON c.h = b.h")}
    old: dict[int, list[int]] = defaultdict(list)
    for h, key in con.execute("SELECT a.h, a.key FROM batch_anchors b JOIN anchors a ON a.h = b.h"):
        old[h].append(key)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    rows, newly_common = [], []
    for h, keys in new.items():
        if h in common:
            continue
        before = old.get(h, [])
        if len(before) + len(keys) > MAX_ANCHOR_DOCS:
            newly_common.append((h,))
            continue
        if len(keys) == 1 and not before:  # most anchors: held by one original, no pair to count
            rows.append((h, keys[0]))
            continue
        rows.extend((h, k) for k in keys)
        for i, y in enumerate(keys):
            for x in (*before, *keys[:i]):
                shared[(x, y)] += 1
    rows.sort()
    con.executemany("INSERT OR IGNORE INTO anchors(h, key) VALUES (?, ?)", rows)
    con.executemany("INSERT OR IGNORE INTO common_anchors(h) VALUES (?)", newly_common)
    pairs = {p: n for p, n in shared.items() if n >= MIN_SHARED}
    if not pairs:
        return 0
    olds = sorted({x for x, _ in pairs if x not in count})
    for start in range(0, len(olds), 500):
        chunk = olds[start : start + 500]
        count.update(con.execute(f"SELECT key, anchors FROM originals WHERE key IN ({','.join('?' * len(chunk))})", chunk))
    edges = []
    for (x, y), n in pairs.items():
        if n / max(1, min(count.get(x, 0), count[y])) >= NOMINATE:
            sim = verify(_words(con, x), _words(con, y))
            if sim is not None:
                edges.append((x, y, sim))
    return _merge(con, edges)


def _words(con: sqlite3.Connection, key: int) -> list[str]:
    (blob,) = con.execute("SELECT text FROM originals WHERE key = ?", (key,)).fetchone()
    return tokens(zlib.decompress(blob).decode("utf-8"))


def verify(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Containment of all word 5-grams of the shorter text in the longer, if they carry one story, else None.

    Anchors only nominate pairs; this decides. Template stories (earnings, weekly auctions, "X sells 75 mln
    dlrs of convertible debentures") share their wording but not their figures, so the shorter text's
    numbers must also be in the longer one (at least ``MIN_NUMBERS`` of them).

    Examples:
        >>> w = "the central bank issued 7.08 billion dlrs of certificates of deposit this week".split()
        >>> verify(w, w + ["officials", "said"])
        1.0
        >>> verify(w, [x if x != "7.08" else "5.65" for x in w]) is None
        True
    """
    sa = {tuple(a[i : i + SHINGLE]) for i in range(len(a) - SHINGLE + 1)}
    sb = {tuple(b[i : i + SHINGLE]) for i in range(len(b) - SHINGLE + 1)}
    if not sa or not sb:
        return None
    small, large = (a, b) if len(sa) <= len(sb) else (b, a)
    sim = len(sa & sb) / min(len(sa), len(sb))
    if sim < MIN_CONTAINMENT:
        return None
    nums = {w for w in small if w[0].isdigit()}
    if nums and len(nums & {w for w in large if w[0].isdigit()}) / len(nums) < MIN_NUMBERS:
        return None
    return round(sim, 4)


def _merge(con: sqlite3.Connection, edges: list[tuple[int, int, float]]) -> int:
    """Union the edges' endpoints with their existing groups; a group's id is its smallest key."""
    if not edges:
        return 0
    nodes = sorted({k for x, y, _ in edges for k in (x, y)})
    grp = {}
    for start in range(0, len(nodes), 500):
        chunk = nodes[start : start + 500]
        grp.update(con.execute(f"SELECT key, grp FROM carriers WHERE key IN ({','.join('?' * len(chunk))})", chunk))
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for k, g in grp.items():
        union(k, g)  # an existing member stands for its whole group
    best: dict[int, float] = defaultdict(float)
    for x, y, sim in edges:
        union(x, y)
        best[x] = max(best[x], sim)
        best[y] = max(best[y], sim)
    joined = 0
    for node in nodes:
        root = find(node)
        old = grp.get(node)
        if old is not None and old != root:
            con.execute("UPDATE carriers SET grp = ? WHERE grp = ?", (root, old))
        if old is None:
            joined += 1
        con.execute(
            "INSERT INTO carriers(key, grp, similarity) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "grp = excluded.grp, similarity = max(similarity, excluded.similarity)",
            (node, root, round(best[node], 4)),
        )
    for root in {find(g) for g in grp.values()}:
        con.execute("INSERT OR IGNORE INTO carriers(key, grp, similarity) VALUES (?, ?, 1.0)", (root, root))
    return joined


def members(con: sqlite3.Connection, key: int) -> list[tuple[int, float]]:
    """``(key, similarity)`` of every original in ``key``'s carrier group (itself included), by key; [] if none."""
    return [tuple(r) for r in con.execute(
        "SELECT key, similarity FROM carriers WHERE grp = (SELECT grp FROM carriers WHERE key = ?) ORDER BY key", (key,)
    )]
