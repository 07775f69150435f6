"""CPU-seconds of appending a JSONL file to a copy of a built archive, names learned per original or in a full pass.

    PYTHONPATH=<checkout>/src python docs/experiments/check_cpu/append.py <base.db> <more.jsonl> inc|full
"""
import resource, sys, os, shutil
from unspin.archive import Archive
from unspin.ingest import read
from unspin.names import refresh_names, learn_names
def cpu(): r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
base, src, mode = sys.argv[1:4]
docs = list(read(src))
shutil.copy(base, "app.db")
for f in ["app.db-wal", "app.db-shm"]:
    if os.path.exists(f): os.remove(f)
a = Archive("app.db")
n0 = len(a)
t = cpu()
a.add(docs, **({"learn": learn_names} if mode == "inc" else {}))
t1 = cpu()
if not a.names_are_current():
    refresh_names(a)
t2 = cpu()
print(f"append {len(docs)} to {n0}: {mode}: add {t1-t:.2f} + names {t2-t1:.2f} = {t2-t:.2f} CPU-s")
