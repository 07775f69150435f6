"""Crawl-scan benchmark: wmt-dev copies + distractors -> JSONL/WARC crawls -> throughput, memory, cluster quality rows.

The crawl: every wmt-dev MT copy (a content-farm page; one farm domain per MT system) and every
Reuters-21578 article (unrelated news, no original in the archive), in a seeded order, four pages in
five as JSONL records and one in five as an HTML response in a WARC file. The archive holds the
wmt-dev originals (with a publisher URL and date) minus the seeded withheld half used by the
attribution bench: copies of a withheld original can only be clustered through each other. Gold:
the copies of one WMT document are one cluster; every distractor is its own cluster.

Larger crawls than the data (e.g. 100k pages) repeat it with new page ids and mirror domains
(``r1-…``); a repeated page has the gold class of the page it repeats (it is a copy of it).
Every run is a separate ``unspin scan`` process so that its peak memory (summed over the process
tree, sampled from /proc) and time are its own.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import html
import io
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..archive.store import Archive
from ..datasets.wmt import load_copies, load_distractors, load_originals, withheld_ids
from ..records import Document

WARC_EVERY = 5  # one page in five is an HTML page in a WARC file
PAGES_PER_FILE = 5000
NEAR_DUPLICATE_CONTAINMENT = 0.5  # same cut-off as the MinHash-LSH baseline's threshold in the attribution bench
_BASE_DATE = _dt.datetime(2025, 1, 1, tzinfo=_dt.timezone.utc)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _publisher(original_id: str) -> str:
    # wmt21/is-en/text_10/ref-A -> news-is.example: one publisher per source language
    pair = original_id.split("/")[1]
    return f"news-{pair.split('-')[0]}.example"


def crawl_pages(data: Path, distractors: Path, seed: int) -> tuple[list[Document], list[dict[str, Any]], frozenset[str]]:
    """Archive originals, base crawl pages (dicts with gold) and the withheld original ids."""
    rng = random.Random(seed)
    originals = load_originals(data)
    copies = load_copies(data)
    withheld = withheld_ids(copies, seed=seed)
    when: dict[str, _dt.datetime] = {}
    archived = []
    for o in sorted(originals, key=lambda d: d.id):
        when[o.id] = _BASE_DATE + _dt.timedelta(hours=rng.randrange(0, 365 * 24))
        if o.id not in withheld:
            archived.append(Document(o.id, o.text, o.sentences, url=f"https://{_publisher(o.id)}/{_slug(o.id)}",
                                     title=o.title, published=when[o.id].isoformat()))
    pages = []
    for c in sorted(copies, key=lambda c: c.document.id):
        d = c.document
        system = d.id.rsplit("/", 1)[1]
        # farms re-publish within hours, some much later: a log-normal lag around 8 hours
        lag = rng.lognormvariate(2.1, 1.1)
        pages.append({
            "id": d.id, "sentences": list(d.sentences), "text": d.text, "title": d.title,
            "url": f"https://{_slug(system)}.example/{_slug(d.id.split('/hyp/')[0])}",
            "published": (when[c.original_id] + _dt.timedelta(hours=lag)).isoformat(),
            "gold": c.original_id, "withheld": c.original_id in withheld,
        })
    extra = load_distractors(distractors)
    group = near_duplicate_groups(extra)
    for d in extra:
        pages.append({"id": d.id, "sentences": list(d.sentences), "text": d.text, "title": d.title,
                      "url": f"https://reuters.example/{_slug(d.id)}", "published": None, "gold": group[d.id],
                      "withheld": False})
    rng.shuffle(pages)
    return archived, pages, withheld


def near_duplicate_groups(docs: Sequence[Document], threshold: float = NEAR_DUPLICATE_CONTAINMENT) -> dict[str, str]:
    """Gold classes of the distractors: articles sharing most of their word 5-grams are one class.

    Reuters-21578 re-issues many stories (corrections, re-sent wires with a new headline, a short
    flash and its full story); calling each of those its own cluster would count finding them as an
    error. Two articles are one class when at least ``threshold`` of the shorter one's word 5-grams
    occur in the other (containment, so a partial re-issue counts), closed transitively; a textual
    criterion independent of unspin's matcher.
    """
    from ..text.fingerprint import tokens

    shingles: list[set[int]] = []
    postings: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        words = tokens(d.text)
        sh = {hash(" ".join(words[k : k + 5])) for k in range(max(1, len(words) - 4))}
        shingles.append(sh)
        for h in sh:
            postings[h].append(i)
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, sh in enumerate(shingles):
        shared: Counter = Counter()
        for h in sh:
            ids = postings[h]
            if len(ids) <= 50:  # boilerplate 5-grams shared by many wires say nothing
                shared.update(j for j in ids if j > i)
        for j, n in shared.items():
            if n / min(len(sh), len(shingles[j])) >= threshold:
                parent[find(j)] = find(i)
    label: dict[int, str] = {}
    for i, d in enumerate(docs):
        r = find(i)
        if r not in label or d.id < label[r]:
            label[r] = d.id
    return {d.id: label[find(i)] for i, d in enumerate(docs)}


def sized(pages: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """The first ``size`` pages, repeating the crawl with new ids and mirror domains when it is smaller."""
    out = []
    round_ = 0
    while len(out) < size:
        for p in pages[: size - len(out)]:
            if round_ == 0:
                out.append(p)
            else:
                q = dict(p, id=f"r{round_}/{p['id']}", url=p["url"].replace("https://", f"https://r{round_}-", 1))
                out.append(q)
        round_ += 1
    return out


def _html(p: dict[str, Any]) -> bytes:
    body = "".join(f"<p>{html.escape(s)}</p>\n" for s in p["sentences"])
    title = html.escape(p.get("title") or p["sentences"][0])
    meta = f'<meta property="article:published_time" content="{p["published"]}">' if p.get("published") else ""
    return (f"<!doctype html><html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>\n"
            f"{body}</article></body></html>").encode("utf-8")


def write_crawl(pages: list[dict[str, Any]], folder: Path) -> tuple[list[Path], dict[str, str], set[str]]:
    """JSONL.gz and WARC.gz files of the pages; returns the files, gold (page id -> class), withheld-doc page ids."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    gold: dict[str, str] = {}
    withheld: set[str] = set()
    files: list[Path] = []
    for start in range(0, len(pages), PAGES_PER_FILE):
        part = pages[start : start + PAGES_PER_FILE]
        n = start // PAGES_PER_FILE
        jpath, wpath = folder / f"crawl-{n:03d}.jsonl.gz", folder / f"crawl-{n:03d}.warc.gz"
        with gzip.open(jpath, "wt", encoding="utf-8") as jf, open(wpath, "wb") as wf:
            writer = WARCWriter(wf, gzip=True)
            for i, p in enumerate(part):
                if (start + i) % WARC_EVERY == WARC_EVERY - 1:
                    page_id = p["url"]
                    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                    body = _html(p)
                    rec = writer.create_warc_record(p["url"], "response", payload=io.BytesIO(body), length=len(body),
                                                    http_headers=http,
                                                    warc_headers_dict={"WARC-Date": (p["published"] or "2025-06-01T00:00:00+00:00")[:19] + "Z"})
                    writer.write_record(rec)
                else:
                    page_id = p["id"]
                    jf.write(json.dumps({k: p[k] for k in ("id", "sentences", "text", "title", "url", "published")}) + "\n")
                gold[page_id] = p["gold"]
                if p["withheld"]:
                    withheld.add(page_id)
        files += [jpath, wpath]
    return files, gold, withheld


def cluster_quality(pages_parquet: Path, gold: dict[str, str], withheld: set[str]) -> dict[str, float]:
    """Purity and completeness (inverse purity) of the clusters against gold, plus withheld-original figures."""
    import pyarrow.parquet as pq

    t = pq.read_table(pages_parquet, columns=["page_id", "cluster_id"]).to_pydict()
    pairs = [(p, c) for p, c in zip(t["page_id"], t["cluster_id"], strict=True) if p in gold]
    by_cluster: dict[str, Counter] = defaultdict(Counter)
    by_gold: dict[str, Counter] = defaultdict(Counter)
    for p, c in pairs:
        by_cluster[c][gold[p]] += 1
        by_gold[gold[p]][c] += 1
    n = len(pairs) or 1
    purity = sum(max(v.values()) for v in by_cluster.values()) / n
    completeness = sum(max(v.values()) for v in by_gold.values()) / n
    # withheld-original documents: share of their copies sitting with at least one sibling, and the
    # completeness of those documents alone
    cid = dict(pairs)
    wh = [p for p in withheld if p in cid]
    with_sibling = sum(1 for p in wh if by_cluster[cid[p]][gold[p]] > 1) / max(1, len(wh))
    wh_docs = {gold[p] for p in wh}
    wh_n = sum(sum(by_gold[g].values()) for g in wh_docs) or 1
    wh_complete = sum(max(by_gold[g].values()) for g in wh_docs) / wh_n
    return {"purity": purity, "completeness": completeness, "withheld: copies with a sibling": with_sibling,
            "withheld: completeness": wh_complete}


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (Linux /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, ()))
    return total / 2**20


def run_scan_process(args: list[str], log: Callable[[str], None]) -> tuple[float, float]:
    """Run ``unspin scan ARGS`` as a child process; returns (seconds, peak tree RSS in MiB)."""
    cmd = [sys.executable, "-m", "unspin", "scan", *args, "--no-progress"]
    log("$ " + " ".join(cmd))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"scan failed ({proc.returncode}): {err[-2000:]}")
    log(out.strip())
    return seconds, peak


def run_bench(
    data: str | Path, distractors: str | Path, workdir: str | Path, *, speed_pages: int, sizes: Sequence[int],
    seed: int = 0, spark: bool = True, log: Callable[[str], None] = print,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Build the crawls and the archive, run the scans, and return the table rows and notes."""
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    archived, base, withheld_docs = crawl_pages(Path(data), Path(distractors), seed)
    archive_path = work / "archive.db"
    if archive_path.exists():
        archive_path.unlink()
    with Archive(archive_path) as a:
        a.add(archived)
    log(f"archive: {len(archived)} originals ({len(withheld_docs)} withheld); base crawl {len(base):,} pages")
    reissued = Counter(p["gold"] for p in base if not p["gold"].startswith("wmt"))
    n_groups = sum(1 for n in reissued.values() if n > 1)
    rows: list[dict[str, Any]] = []

    def one(label: str, size: int, engine_args: list[str]) -> None:
        folder = work / f"crawl-{size}"
        if not (folder / "gold.json").exists():
            files, gold, wh = write_crawl(sized(base, size), folder / "files")
            (folder / "gold.json").write_text(json.dumps({"gold": gold, "withheld": sorted(wh)}), encoding="utf-8")
        meta = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        out = folder / f"out-{_slug(label)}"
        if out.exists():
            import shutil

            shutil.rmtree(out)
        seconds, peak = run_scan_process([str(folder / "files"), "--archive", str(archive_path), "--out", str(out),
                                          *engine_args], log)
        q = cluster_quality(out / "pages.parquet", meta["gold"], set(meta["withheld"]))
        rows.append({"run": label, "pages": size, "seconds": round(seconds, 1), "pages/s": size / seconds,
                     "peak RSS MB": round(peak), **q})
        log(str(rows[-1]))

    if speed_pages > 0:
        one("local, 1 worker", speed_pages, ["--workers", "1"])
        one("local, 2 workers", speed_pages, ["--workers", "2"])
        if spark:
            one("spark local[2]", speed_pages, ["--engine", "spark", "--master", "local[2]"])
    for size in sizes:
        one("local, 2 workers", size, ["--workers", "2"])
    notes = [
        f"Crawl: {len(base):,} base pages = every wmt-dev MT copy (farm domain = MT system) + every Reuters-21578 "
        f"distractor, seeded order (seed {seed}); 1 page in {WARC_EVERY} is an HTML response in a WARC.gz, the rest "
        f"JSONL.gz records. Sizes above the base repeat it with new ids and mirror domains (r1-…); a repeat keeps "
        f"its page's gold class.",
        f"Archive: wmt-dev originals minus the seeded withheld half ({len(withheld_docs)} originals withheld; their "
        "copies can only be clustered through each other).",
        "Purity/completeness over all pages of the crawl; gold: the copies of one WMT document are one class, and "
        f"Reuters articles are one class per re-issued story (>= {NEAR_DUPLICATE_CONTAINMENT} of the shorter one's word "
        f"5-grams in the other: "
        f"{n_groups} re-issued stories), else singletons. 'withheld' columns: copies of withheld originals only.",
        "Each run is a separate `unspin scan` process; peak RSS = largest sum over its process tree "
        "(workers, Spark JVM and Python workers included), sampled every 0.5 s. Spark time includes session start.",
        "Machine shared with other jobs during the run: throughput figures are a lower bound.",
    ]
    if not warc_readable(work):
        notes.append("WARNING: this unspin reads WARC response payloads as empty (ingest/warc.py asks warcio for "
                     "the record offset before reading the payload), so the WARC pages were skipped as unreadable.")
    return rows, notes


def warc_readable(folder: Path) -> bool:
    """Whether ``unspin.read`` gets the text of an HTML page out of a WARC file written here."""
    from ..ingest import read

    page = {"id": "x", "sentences": ["Hegseth met Nakatani in Tokyo."], "text": "", "title": "t",
            "url": "https://check.example/x", "published": None, "gold": "x", "withheld": False}
    files, _, _ = write_crawl([page] * WARC_EVERY, folder / "warc-check")
    docs = [d for d in read(str(files[1]))]
    return bool(docs) and all(d.sentences for d in docs)
