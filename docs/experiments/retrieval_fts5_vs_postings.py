import sys, time, random, sqlite3, math, json
import numpy as np
sys.path.insert(0, "/work/exp/wt-scale/src")
from unspin.archive.store import Archive
from unspin.match.find import query_terms
from unspin.settings import Settings
from unspin.datasets.wmt import load_copies
from unspin.text.fingerprint import SentenceBags
s = Settings()
arc = Archive(sys.argv[1], readonly=True)
con = sqlite3.connect(sys.argv[2])
N = con.execute("SELECT COUNT(*) FROM lens").fetchone()[0]
maxkey = con.execute("SELECT MAX(key) FROM lens").fetchone()[0]
lenarr = np.zeros(maxkey + 1)
for k, v in con.execute("SELECT key, n FROM lens"): lenarr[k] = v
avgdl = lenarr.sum() / N
norm = 1.0 + 1.2 * (0.25 + 0.75 * lenarr / avgdl)
copies = random.Random(0).sample(load_copies("/work/shared/data/wmt-dev"), 300)
queries = []
for c in copies:
    b = SentenceBags.of(c.document.sentences); ct = {}
    for bag in b.bags:
        for t, w in bag.items(): ct[t] = max(w, ct.get(t, 0.0))
    queries.append(query_terms(ct, arc, s))
t0 = time.perf_counter(); c0 = time.process_time(); fts = [arc.search(q, 20) for q in queries]; t_fts = time.perf_counter() - t0; c_fts = time.process_time() - c0
t0 = time.perf_counter(); c0 = time.process_time(); mine = []
for q in queries:
    got = dict(con.execute(f"SELECT term, keys FROM postings WHERE term IN ({','.join('?'*len(q))})", list(q)).fetchall())
    ks, ws = [], []
    for t in q:
        blob = got.get(t)
        if blob is None: continue
        keys = np.frombuffer(blob, dtype=np.int32); d = len(keys)
        idf = max(math.log((N - d + 0.5) / (d + 0.5)), 1e-6)
        ks.append(keys); ws.append(idf * 2.2 / norm[keys])
    if not ks: mine.append([]); continue
    k = np.concatenate(ks); w = np.concatenate(ws)
    score = np.bincount(k, weights=w, minlength=maxkey + 1)
    top = np.argpartition(-score, 20)[:20]
    top = top[np.lexsort((top, -score[top]))]
    mine.append([(int(i), float(score[i])) for i in top if score[i] > 0])
t_post = time.perf_counter() - t0; c_post = time.process_time() - c0
print(json.dumps({"N": N, "FTS5 ms/query wall": 1000*t_fts/300, "FTS5 ms/query cpu": 1000*c_fts/300, "postings+numpy ms/query wall": 1000*t_post/300, "postings+numpy ms/query cpu": 1000*c_post/300,
  "same top-1": sum(bool(a) and bool(b) and a[0][0]==b[0][0] for a,b in zip(fts,mine))/300,
  "top-20 overlap": sum(len({x for x,_ in a}&{x for x,_ in b})/max(1,len(a)) for a,b in zip(fts,mine))/300}))
