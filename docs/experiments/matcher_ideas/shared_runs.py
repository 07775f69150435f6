"""Shared long word runs outside quotes between farm pages (issue 11, session 10; measured, not shipped).

    PYTHONPATH=src python docs/experiments/matcher_ideas/shared_runs.py tests/data/farm/pages.jsonl 8

Prints every page pair not already linked (or linked wrongly) that shares an N-word run outside quotation marks
that at most 4 pages hold, with the gold label: true sibling pairs and independent same-event reports alike.
"""
import sys, json, re, tempfile
from pathlib import Path
from itertools import combinations
from unspin.bench.farm import load_pages, gold_pairs, scan_clusters, predicted_pairs
from unspin.text.quotes import find_quotes
def words(text):
    # drop quoted spans
    spans = sorted(s for q in find_quotes(text) for s in q.spans)
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a]); out.append(" | "); pos = b
    out.append(text[pos:])
    t = "".join(out)
    return [w for w in re.findall(r"\w+|\|", t.lower())]
def grams(ws, n):
    return {tuple(ws[i:i+n]) for i in range(len(ws)-n+1) if "|" not in ws[i:i+n]}
N = int(sys.argv[2])
pages = load_pages(sys.argv[1]); gold = gold_pairs(pages); P = {p["id"]: p for p in pages}
with tempfile.TemporaryDirectory() as d:
    clusters, _ = scan_clusters(pages, Path(d))
G = {p["id"]: grams(words(p["text"]), N) for p in pages}
from collections import Counter
df = Counter(g for s in G.values() for g in s)
for a, b in combinations(sorted(P), 2):
    sh = {g for g in G[a] & G[b] if df[g] <= 4}
    if not sh: continue
    linked = clusters[a] == clusters[b]
    t = frozenset((a, b)) in gold
    if linked and t: continue
    print("TRUE " if t else "false", "linked" if linked else "unlinked", len(sh), a, b, P[a]["kind"], P[b]["kind"], " / ".join(" ".join(g) for g in list(sh)[:2]))
