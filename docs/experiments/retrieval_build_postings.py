"""FTS5 (as shipped) vs a pruned term-postings table (SQLite BLOBs of int32 keys + numpy bm25), same queries, same archive."""
import sys, time, random, sqlite3, zlib, math, json
import numpy as np
sys.path.insert(0, "/work/exp/wt-scale/src")
from unspin.archive.store import Archive
from unspin.match.find import query_terms
from unspin.settings import Settings
from unspin.datasets.wmt import load_copies
from unspin.text.fingerprint import SentenceBags
from unspin.spark.parquet import bm25_rank
src, dst = sys.argv[1], sys.argv[2]
s = Settings()
arc = Archive(src, readonly=True)
N = len(arc)
limit = max(5.0, s.max_query_df * N)
# build pruned postings: only terms a query may use (df <= limit)
t0 = time.perf_counter()
df = dict(arc._con.execute("SELECT term, n FROM term_df"))
keep = {t for t, n in df.items() if n <= limit}
post = {}
lens = {}
for key, blob in arc._con.execute("SELECT key, terms FROM originals"):
    ts = zlib.decompress(blob).decode().split()
    lens[key] = len(ts)
    for t in ts:
        if t in keep:
            post.setdefault(t, []).append(key)
con = sqlite3.connect(dst)
con.execute("DROP TABLE IF EXISTS postings")
con.execute("CREATE TABLE postings (term TEXT PRIMARY KEY, keys BLOB) WITHOUT ROWID")
con.executemany("INSERT INTO postings VALUES (?, ?)", ((t, np.asarray(k, dtype=np.int32).tobytes()) for t, k in post.items()))
con.execute("DROP TABLE IF EXISTS lens")
con.execute("CREATE TABLE lens (key INTEGER PRIMARY KEY, n INTEGER)")
con.executemany("INSERT INTO lens VALUES (?, ?)", lens.items())
con.commit()
build = time.perf_counter() - t0
avgdl = sum(lens.values()) / N
lenarr = np.zeros(max(lens) + 1, dtype=np.float64)
for k, v in lens.items(): lenarr[k] = v
size = sum(len(np.asarray(k, dtype=np.int32).tobytes()) for k in post.values()) / 2**20
copies = random.Random(0).sample(load_copies("/work/shared/data/wmt-dev"), 300)
queries = []
for c in copies:
    b = SentenceBags.of(c.document.sentences)
    ct = {}
    for bag in b.bags:
        for t, w in bag.items():
            ct[t] = max(w, ct.get(t, 0.0))
    queries.append(query_terms(ct, arc, s))
t0 = time.perf_counter(); fts = [arc.search(q, s.candidates_k) for q in queries]; t_fts = time.perf_counter() - t0
t0 = time.perf_counter()
mine = []
for q in queries:
    rows = con.execute(f"SELECT term, keys FROM postings WHERE term IN ({','.join('?'*len(q))})", list(q)).fetchall()
    got = dict(rows)
    scores = {}
    # FTS5's bm25 with tf = 1, in query order
    for t in q:
        blob = got.get(t)
        if blob is None: continue
        keys = np.frombuffer(blob, dtype=np.int32)
        d = len(keys)
        idf = math.log((N - d + 0.5) / (d + 0.5)); idf = idf if idf > 0 else 1e-6
        contrib = idf * 2.2 / (1.0 + 1.2 * (0.25 + 0.75 * lenarr[keys] / avgdl))
        for k, v in zip(keys.tolist(), contrib.tolist()):
            scores[k] = scores.get(k, 0.0) + v
    mine.append(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[: s.candidates_k])
t_post = time.perf_counter() - t0
same_top1 = sum(a[:1] and b[:1] and a[0][0] == b[0][0] for a, b in zip(fts, mine)) / len(queries)
same_set = sum({k for k, _ in a} == {k for k, _ in b} for a, b in zip(fts, mine)) / len(queries)
print(json.dumps({"originals": N, "query df limit": limit, "FTS5 ms/query": 1000 * t_fts / len(queries),
                  "postings ms/query": 1000 * t_post / len(queries), "postings build s": build, "postings MB": size,
                  "terms kept": len(keep), "terms total": len(df), "same top-1": same_top1, "same top-20 set": same_set,
                  "mean query terms": sum(map(len, queries)) / len(queries)}))
