"""What a new user hit on real pages (issue: every kind of farm copy, item 6), one test each.

- a page the archive also holds is never its own original, and its copies still cluster with it;
- the summary counts one-page clusters too;
- a page linked to nothing still gets its MT probability (an MT farm page is visible);
- `check` says why it abstained, in JSON and in the terminal;
- rerunning a *finished* scan with another archive says so (not "unfinished").
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from unspin import Archive, Document, check
from unspin.scan import scan

SAMPLE = Path(__file__).parent / "data" / "sample"
SEED = Path(__file__).parents[1] / "examples" / "seed.txt"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> dict:
    """Copies of three originals, indexed *as the archive too* (a user who indexed the crawl), plus the seed."""
    folder = tmp_path_factory.mktemp("self")
    copies = _rows(SAMPLE / "copies.jsonl")
    by_original: dict[str, list[dict]] = {}
    for c in copies:
        by_original.setdefault(c["original_id"], []).append(c)
    groups = [g for g in by_original.values() if len(g) >= 2][:3]
    pages = [c for g in groups for c in g[:3]]
    crawl_path = folder / "crawl.jsonl"
    with open(crawl_path, "w", encoding="utf-8") as fh:
        for i, c in enumerate(pages):
            fh.write(json.dumps({"id": c["id"], "sentences": c["sentences"], "text": " ".join(c["sentences"]),
                                 "url": f"https://farm{i}.example/{i}"}) + "\n")
        fh.write(json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8"), "url": "https://mt.example/1"}) + "\n")
    archive_path = folder / "crawl-as-archive.db"
    with Archive(archive_path) as archive:  # the crawl itself, minus the seed
        archive.add(Document(c["id"], " ".join(c["sentences"]), tuple(c["sentences"])) for c in pages)
    out = folder / "out"
    summary = scan([crawl_path], archive_path, out, chunk_size=4, progress=False)
    table = pq.read_table(out / "pages.parquet").to_pandas().set_index("page_id", drop=False)
    return {"pages": pages, "gold": {c["id"]: c["original_id"] for c in pages}, "table": table,
            "summary": summary, "crawl": crawl_path, "archive": archive_path, "out": out, "folder": folder}


def test_a_page_in_the_archive_is_not_its_own_original(crawl):
    t = crawl["table"]
    for c in crawl["pages"]:
        assert t.loc[c["id"], "original_id"] != c["id"]
        assert t.loc[c["id"], "archived_id"] == c["id"]


def test_copies_of_one_original_stay_one_cluster_when_the_archive_holds_them(crawl):
    t, gold = crawl["table"], crawl["gold"]
    for original in set(gold.values()):
        members = [p for p, o in gold.items() if o == original]
        assert len(set(t.loc[members, "cluster_id"])) == 1, members
    assert len({t.loc[p, "cluster_id"] for p in gold}) == len(set(gold.values()))


def test_summary_counts_single_pages_too(crawl):
    s, t = crawl["summary"], crawl["table"]
    sizes = t[~t.skipped].groupby("cluster_id").size()
    assert s.clusters == int((sizes > 1).sum())
    assert s.singletons == int((sizes == 1).sum()) >= 1  # the seed: its original is nowhere
    assert s.singletons + int(sizes[sizes > 1].sum()) == s.scanned


def test_a_page_linked_to_nothing_still_gets_its_mt_probability(crawl):
    from unspin.scan.page import mt_threshold

    seed = crawl["table"].loc["seed"]
    assert seed.original_id is None and seed.linked_to is None
    assert seed.mt_probability >= mt_threshold()
    assert seed.transformation == "machine-translated"


def test_rerunning_a_finished_scan_with_another_archive_says_finished(crawl, tmp_path):
    from unspin.errors import ConfigError

    other = tmp_path / "other.db"
    with Archive(other) as archive:
        archive.add([Document("x", "Something else entirely.", ("Something else entirely.",))])
    with pytest.raises(ConfigError, match="holds a finished scan made with different arguments"):
        scan([crawl["crawl"]], other, crawl["out"], chunk_size=4, progress=False)


def test_check_says_why_it_abstained(sample_copies, sample_originals):
    copy = sample_copies[0]
    withheld = Archive()
    withheld.add(o for o in sample_originals if o.id != copy["original_id"])
    report = check(copy["document"], withheld)
    assert report.match is None and report.abstention is not None
    out = report.to_dict()["abstention"]
    assert out["reasons"] and out["threshold"] is not None
    if out["best_candidate"] is not None:
        assert out["confidence"] < out["threshold"] or any("numbers" in r for r in out["reasons"])


def test_check_names_no_reason_when_it_names_an_original(archive, sample_copies):
    report = check(sample_copies[0]["document"], archive)
    assert report.match is not None and report.abstention is None
    assert report.to_dict()["abstention"] is None


def test_terminal_report_prints_the_reasons(sample_copies, sample_originals, tmp_path):
    from typer.testing import CliRunner

    from unspin.cli import app

    runner = CliRunner()
    copy = sample_copies[0]
    originals, text, db = tmp_path / "orig.jsonl", tmp_path / "copy.txt", tmp_path / "a.db"
    originals.write_text("".join(json.dumps({"id": o.id, "sentences": list(o.sentences)}) + "\n"
                                 for o in sample_originals if o.id != copy["original_id"]))
    text.write_text("\n".join(copy["document"].sentences))
    assert runner.invoke(app, ["index", "--archive", str(db), str(originals)]).exit_code == 0
    r = runner.invoke(app, ["check", "--archive", str(db), str(text)])
    assert r.exit_code == 0, r.output
    assert "none in the archive" in r.output and "why:" in r.output


def test_pages_linked_to_nothing_carry_the_detectors_three_probabilities_and_method(tmp_path):
    # Real farm pages (tests/data/farm) of three different stories, scanned with no archive: nothing links,
    # and each row still says how the page was made: a synonym-spun copy (its transformation too), an
    # LLM paraphrase (method only: an LLM may write from no source), a wire reprint (no method).
    farm = {json.loads(line)["id"]: json.loads(line) for line in
            (Path(__file__).parent / "data" / "farm" / "pages.jsonl").read_text(encoding="utf-8").splitlines()}
    ids = ["farm/nyt-hegseth-tokyo/2", "farm/hegseth-indispensable-ap/5", "farm/reuters-greenland-base/1"]
    crawl_path = tmp_path / "crawl.jsonl"
    crawl_path.write_text("".join(json.dumps({k: farm[i][k] for k in ("id", "url", "title", "text")}) + "\n"
                                  for i in ids), encoding="utf-8")
    scan([crawl_path], None, tmp_path / "out", progress=False)
    t = pq.read_table(tmp_path / "out" / "pages.parquet").to_pandas().set_index("page_id")
    spun, llm, wire = (t.loc[i] for i in ids)
    assert t.linked_to.isna().all() and t.original_id.isna().all()
    assert spun.method == "synonym-spun" and spun.transformation == "synonym-spun"
    assert llm.method == "llm-written" and llm.transformation is None and llm.llm_probability > llm.mt_probability
    assert wire.method == "none" and wire.transformation is None
    assert all(0.0 <= t.loc[i, c] <= 1.0 for i in ids for c in ("mt_probability", "spin_probability", "llm_probability"))
    header = (tmp_path / "out" / "pages.csv").read_text(encoding="utf-8").splitlines()[0]
    assert all(f'"{c}"' in header for c in ("spin_probability", "llm_probability", "method"))


def test_the_domain_table_counts_the_method_verdicts_of_each_copier(tmp_path):
    # One real farm story (tests/data/farm: the NYT article on Hegseth in Tokyo and its copies), no archive:
    # the copies cluster, the earliest page of a cluster stands in for the publisher, and each copier's row
    # counts how the detector judged its pages (the LLM paraphrase network shows as "llm-written").
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "farm" / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
    story = [r for r in rows if r["cluster"] == "nyt-hegseth-tokyo"]
    # Most of these pages carry no date; hourly stamps in the fixture's order give every cluster an earliest page.
    crawl_path = tmp_path / "crawl.jsonl"
    crawl_path.write_text("".join(json.dumps({**{k: r.get(k) for k in ("id", "url", "title", "text")},
                                              "published": f"2025-03-30T{i:02d}:00:00Z"}) + "\n"
                                  for i, r in enumerate(story)), encoding="utf-8")
    scan([crawl_path], None, tmp_path / "out", progress=False)
    pages = pq.read_table(tmp_path / "out" / "pages.parquet").to_pandas()
    domains = pq.read_table(tmp_path / "out" / "domains.parquet").to_pylist()
    llm_domains = {d for d, m in zip(pages.domain, pages.method) if m == "llm-written"}
    assert llm_domains
    for row in domains:
        counts = dict(part.rsplit(":", 1) for part in row["methods"].split("; ") if part)
        assert sum(int(n) for n in counts.values()) <= row["pages"]
        if row["copier_domain"] in llm_domains:
            assert "llm-written" in counts
    assert any(row["copier_domain"] in llm_domains for row in domains)
    assert "<th>methods</th>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
