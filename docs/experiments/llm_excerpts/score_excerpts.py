import sys, random, json
sys.path.insert(0, 'src')
from unspin.datasets.wmt import load_copies, partial, read_jsonl, to_document
from unspin.detect import mt_score
from unspin.records import Document
copies = load_copies('../shared/data/wmt-dev')
rng = random.Random(0); sample = rng.sample(copies, 800)
out = []
for c in sample:
    for kind, d in (("full", c.document), ("partial", partial(c).document)):
        s = mt_score(d); out.append((kind, len(d.sentences), len(d.text.split()), s.llm_probability, s.method, s.mt_probability))
for r in read_jsonl('../shared/data/llm-paraphrase-dev/copies.jsonl.gz'):
    d = to_document(r); s = mt_score(d); out.append(("llm", len(d.sentences), len(d.text.split()), s.llm_probability, s.method, s.mt_probability))
json.dump(out, open('short.json','w'))
