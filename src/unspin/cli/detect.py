"""`unspin detect`, `unspin train detector`, `unspin bench detect`: thin shells over unspin.detect."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Any

import typer

from ._app import app, bench_app, train_app, fail_on_error

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "detector.json"
DEFAULT_DATA = Path("../shared/data/wmt-dev")
DEFAULT_ENGLISH = Path("../shared/data/distractors")
DEFAULT_LLM = Path("../shared/data/llm-paraphrase-dev")
SEED_TEXT = Path("examples/seed.txt")
# Heat strip: one block per sentence, coloured by its MT probability.
_HEAT = ((0.8, "red"), (0.6, "dark_orange"), (0.4, "yellow"), (0.0, "green"))


class DetectFormat(str, enum.Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _detect_dict(doc: Any, mt: Any, threshold: float) -> dict[str, Any]:
    # Same shape as POST /v1/detect (schema unspin.detect/1), plus the operating threshold.
    from ..records import detect_dict

    return detect_dict(doc, mt, threshold)


def _print_text(item: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)  # one line per finding, also when piped
    from ..detect import summary_line
    from ..records import MTEvidence, MTScore

    score = MTScore(item["mt_probability"] or 0.0, (), tuple(MTEvidence.from_dict(e) for e in item["mt_evidence"]),
                    method=item.get("method", "none"), scored=item["mt_probability"] is not None,
                    note=item.get("detect_note", ""))
    probs = ", ".join(f"{name} {item[key]:.2f}" for name, key in
                      (("MT", "mt_probability"), ("spin", "spin_probability"), ("LLM", "llm_probability"))
                      if item.get(key) is not None)
    console.print(f"[bold]{escape(item['copy']['id'])}[/bold]: {escape(summary_line(score))}"
                  + (f" ({probs}; thresholds {', '.join(f'{v:.2f}' for v in item.get('thresholds', {}).values())})" if probs else ""))
    if item.get("detect_note") and score.scored:
        console.print(f"  note: {escape(item['detect_note'])}")
    strip = "".join(
        f"[{next(c for t, c in _HEAT if p >= t)}]█[/]" for p in item["mt_sentence_probabilities"]
    )
    if strip:
        console.print(f"  sentences: {strip}")
    for ev in item["mt_evidence"]:
        tag = f" ({ev['method']})" if ev.get("method") else ""
        console.print(f"  [{ev['span'][0]}:{ev['span'][1]}] [bold]{escape(ev['text'])}[/bold]{tag}: {escape(ev['reason'])}")


@app.command()
def detect(
    sources: list[Path] = typer.Argument(..., help="Texts to judge: text, HTML, JSONL(.gz), WARC(.gz), folders; - for stdin."),
    fmt: DetectFormat = typer.Option(DetectFormat.text, "--format", "-f", help="text (terminal), json or jsonl."),
    model: Path | None = typer.Option(None, "--model", help="Detector JSON (default: the one shipped in the package)."),
) -> None:
    """Tell machine-translated or spun text without its original: probability, sentence heat strip, evidence."""
    from ..ingest import read
    from ..detect import load_detector, mt_score
    from ..detect.model import default_detector

    with fail_on_error():
        det = load_detector(model) if model else default_detector()
        items = []
        for doc in read(*[str(s) for s in sources]):
            if doc.errors and not doc.text:
                typer.echo(f"skipped {doc.id}: {'; '.join(doc.errors)}", err=True)
                continue
            item = _detect_dict(doc, mt_score(doc, det), det.threshold)
            if fmt is DetectFormat.jsonl:
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            elif fmt is DetectFormat.text:
                _print_text(item)
            items.append(item)
    if fmt is DetectFormat.json:
        out = items[0] if len(items) == 1 else items
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


def _native_english(path: Path, off: bool) -> Path | None:
    """The native-English negatives for training and the bench (None with --no-english)."""
    from ..datasets import require_data

    return None if off else require_data(path, "native English news (or pass --no-english)")


@train_app.command("detector")
def train_detector_cli(
    data: Path = typer.Option(DEFAULT_DATA, help="wmt-dev folder (originals/copies/alt_refs .jsonl.gz)."),
    out: Path = typer.Option(DEFAULT_MODEL, help="Where to write the detector JSON."),
    seed: int = typer.Option(0, help="Seed for the choice of MT copies per document."),
    english: Path = typer.Option(DEFAULT_ENGLISH, help="Native English news added as negatives (the Reuters distractors)."),
    no_english: bool = typer.Option(False, "--no-english", help="Fit on the WMT data alone."),
    llm_data: Path = typer.Option(DEFAULT_LLM, help="llm-paraphrase-dev folder (LLM rewrites and their articles)."),
    no_methods: bool = typer.Option(False, "--no-methods", help="MT model only: no spin/LLM models, tables untouched."),
) -> None:
    """Fit the detector shipped in unspin/data/detector.json: MT, and (with news and LLM data) spin and LLM models.

    The spin part also rebuilds unspin/data/spin_collocations.tsv.gz and news_bigrams.bits from real news
    and needs WordNet (apt-get install wordnet-base). Deterministic; ~4 min on 2 cores.
    """
    from ..datasets import require_data
    from ..train.detector import train_detector

    command = f"unspin train detector --data {data} --seed {seed}" + (" --no-english" if no_english else f" --english {english}")
    with fail_on_error():
        native = _native_english(english, no_english)
        llm = None if no_methods or native is None else require_data(llm_data, "LLM paraphrase data (or pass --no-methods)")
    command += f" --llm-data {llm_data}" if llm is not None else " --no-methods" if no_methods else ""
    with fail_on_error():
        model = train_detector(require_data(data, "WMT dev data"), seed=seed, english=native, command=command, llm_data=llm)
    out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    typer.echo(f"wrote {out}: threshold {model['threshold']:.4f}, {model['training']['n_documents']} documents")


@bench_app.command("detect")
def bench_detect(
    data: Path = typer.Option(DEFAULT_DATA, help="wmt-dev folder."),
    seed: int = typer.Option(0, help="Seed for the choice of MT copies per document in each training side."),
    folds: int = typer.Option(3, help="k of the grouped k-fold split."),
    seed_text: Path = typer.Option(SEED_TEXT, help="Also score this copy with the shipped detector."),
    out: Path = typer.Option(Path("BENCHMARKS.md"), help="Markdown file the table is appended to."),
    english: Path = typer.Option(DEFAULT_ENGLISH, help="Native English news: negatives in training and test (halves)."),
    no_english: bool = typer.Option(False, "--no-english", help="Leave native English news out."),
    llm_data: Path = typer.Option(DEFAULT_LLM, help="llm-paraphrase-dev folder (spin and LLM rows)."),
    farm: Path = typer.Option(Path("tests/data/farm/pages.jsonl"), help="Real farm pages scored with the shipped detector."),
    only: str = typer.Option("all", help="all | mt | methods: which sections to run."),
) -> None:
    """Detection benchmark: MT (ROC-AUC vs English originals and human translations, P@R0.9, FPR), spin and LLM rows."""
    from ..bench.output import write_section
    from ..datasets import require_data
    from ..bench.detect import evaluate_detector, score_seed
    from ..train.detector import TARGET_FPR

    if only == "all" and not llm_data.exists():
        typer.echo(f"spin/LLM rows skipped: no LLM paraphrase data at {llm_data} (pass --llm-data)", err=True)
    elif only in ("all", "methods"):
        from ..bench.detect import evaluate_methods

        with fail_on_error():
            m_rows, m_notes = evaluate_methods(require_data(english, "native English news"), require_data(data, "WMT dev data"),
                                               require_data(llm_data, "LLM paraphrase data"), seed=seed, folds=folds, farm=farm)
        write_section("Spin and LLM detection without the original (issue 12)", m_rows, notes=m_notes, out=out)
    if only == "methods":
        return
    with fail_on_error():
        rows, system_notes = evaluate_detector(require_data(data, "WMT dev data"), seed=seed, folds=folds,
                                               english=_native_english(english, no_english))
    notes = [
        "Held out: no source document is on both sides of a split; thresholds are chosen on the training side "
        f"(out-of-fold, FPR <= {TARGET_FPR:.0%} on English originals and on native news separately); pooled k-fold rows use each "
        "fold's own threshold.",
        "Negatives: `english` = WMT English-source originals (different topics), `human` = human translations of the "
        "same documents as the MT copies (topic held constant), `native` = native English newswire (a seeded sample "
        "of the Reuters distractors with >= 6 body sentences; the year splits train on one half and test on the "
        "other). Sentence rows use the document threshold.",
        *system_notes,
    ]
    if seed_text.exists():
        notes.append(score_seed(seed_text))
    write_section("MT / spinner detection without the original (issue 6)", rows, notes=notes, out=out)
