"""Copy = the sentences of page a that no sentence of same-event page b matches (similarity < 0.12)."""
import json
from pathlib import Path
from unspin import Archive, Document, Settings, find_original
from unspin.ingest.text import from_text
from unspin.match.align import SentenceBags, similarity_matrices
ROOT = Path(__file__).parents[3]
rows = lambda p: [json.loads(x) for x in p.read_text().splitlines() if x.strip()]
sample = [Document(r["id"], r["text"], tuple(r["sentences"])) for r in rows(ROOT / "tests/data/sample/originals.jsonl")]
pages = rows(ROOT / "tests/data/farm/pages.jsonl")
docs = {p["id"]: from_text(p["text"], p["id"]) for p in pages}
off = Settings(min_aligned_similarity=0.0)
for b in pages:
    qb = {w.lower() for w in b["query"].split() if len(w) > 3}
    bb = SentenceBags.of(docs[b["id"]].sentences)
    with Archive() as arc:
        arc.add([*sample, docs[b["id"]]])
        for a in pages:
            if a["cluster"] == b["cluster"] or not qb & {w.lower() for w in a["query"].split() if len(w) > 3}:
                continue
            s = docs[a["id"]].sentences
            m = similarity_matrices(SentenceBags.of(s), bb, merged=False)[0]
            keep = [i for i in range(len(s)) if m[i].max(initial=0) < 0.12 and len(s[i].split()) >= 8]
            if len(keep) < 2:
                continue
            for n in (3, 4, 6):
                sub = tuple(s[i] for i in keep[:n])
                att = find_original(Document("x", " ".join(sub), sub), arc, off)
                if att.match is not None:
                    f = att.features
                    print(json.dumps({"copy": a["id"], "keep": keep[:n], "named": b["id"], **{k: round(f.get(k, 0), 3) for k in (
                        "confidence", "lead", "aligned_similarity", "strong_share", "aligned_share", "copy_coverage", "shared_sentences")}}), flush=True)
