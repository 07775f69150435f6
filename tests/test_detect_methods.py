"""Issue 12: spin and LLM verdicts, the method, language, and a summary that never contradicts its evidence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.detect import mt_evidence, mt_score, summary_line
from unspin.detect.collocations import find_substitutions, spin_features, spinner_artefacts
from unspin.text.language import identify, languages, sentence_language
from unspin.detect.llm import llm_signatures
from unspin.detect.method import count_spin_findings, method_verdict
from unspin.detect.model import default_detector
from unspin.records import Document, Report, detect_dict
from unspin.report.render import render_terminal
from unspin.text.normalize import split_sentences

ROOT = Path(__file__).resolve().parents[1]
FARM = ROOT / "tests" / "data" / "farm" / "pages.jsonl"
SEED = ROOT / "examples" / "seed.txt"
runner = CliRunner()


def doc_of(text: str, id: str = "x") -> Document:
    return Document(id=id, text=text, sentences=split_sentences(text))


def farm_pages() -> list[dict]:
    return [json.loads(line) for line in FARM.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- the verdicts -------------------------------------------------------------------------------

def test_shipped_detector_has_spin_and_llm_models():
    det = default_detector()
    assert det.methods is not None
    assert 0.0 < det.methods.spin_threshold < 1.0 and 0.0 < det.methods.llm_threshold < 1.0
    assert det.methods.training["thesaurus"].startswith("WordNet")


def test_real_spun_farm_pages_are_called_spun():
    spun = [p for p in farm_pages() if p["kind"] == "synonym-spun"]
    assert len(spun) == 2
    for p in spun:
        s = mt_score(doc_of(p["text"], p["id"]))
        assert s.method == "synonym-spun", (p["id"], s)
        assert any(e.method == "synonym-spun" and e.strong for e in s.evidence)


def test_no_spun_verdict_without_a_swapped_word_to_show():
    # Held-out real independent reports (AFP on Hurriyet, Quartz, Reuters on Ynet) that the spin model's
    # sentence statistics alone score above its threshold: no verdict, a note that says why.
    rows = [json.loads(line) for line in (FARM.with_name("test.jsonl")).read_text(encoding="utf-8").splitlines() if line.strip()]
    independent = [r for r in rows if r["kind"] == "independent"]
    scored = [(r["id"], mt_score(doc_of(r["text"], r["id"]))) for r in independent]
    high = [(i, s) for i, s in scored if s.spin_probability >= s.thresholds["synonym-spun"]]
    assert len(high) >= 2  # the case the rule is for is really among them
    for i, s in high:
        assert s.method != "synonym-spun" and "no swapped word" in s.note, i
        assert not any(e.method == "synonym-spun" for e in s.evidence)
    assert [i for i, s in scored if s.method == "synonym-spun"] == []


def test_no_llm_verdict_on_a_few_words_unless_an_llm_left_its_trace():
    # The first two sentences of real LLM farm paraphrases: the LLM model scores them above its threshold, but
    # below MIN_LLM_WORDS it does so for human news passages too (5-26 %): no verdict, and no MT verdict in its place.
    from unspin.detect import MIN_LLM_WORDS

    short = []
    for p in (p for p in farm_pages() if p["kind"] == "llm-paraphrase"):
        whole = mt_score(doc_of(p["text"], p["id"]))
        head = split_sentences(p["text"])[:2]
        s = mt_score(Document(p["id"], " ".join(head), tuple(head)))
        if whole.method == "llm-written" and s.llm_probability >= s.thresholds["llm-written"]:
            short.append((p["id"], s))
    assert len(short) >= 10
    for i, s in short:
        assert s.method == "none" and f"needs {MIN_LLM_WORDS}" in s.note, (i, s.method, s.note)
        assert summary_line(s).startswith("inconclusive: reads as LLM-written, but too short")
    # a prompt echo is an LLM's own trace: 29 words of a real LLMFake output keep their verdict
    text = (ROOT / "tests" / "data" / "residue" / "llmfake-rewrite-label.txt").read_text(encoding="utf-8")
    head = [x for x in split_sentences(text) if x.startswith("Rewrite:") or x.startswith("Season 22")][:2]
    s = mt_score(Document("echo", " ".join(head), tuple(head)))
    assert sum(len(x.split()) for x in head) < MIN_LLM_WORDS
    assert s.method == "llm-written" and any(e.kind == "prompt_echo" for e in s.evidence)


def test_verbatim_and_wire_copies_get_no_method():
    # Faithful copies of human news: no verdict (18 wire reprints and 11 verbatim copies in the dev set).
    pages = [p for p in farm_pages() if p["kind"] in ("verbatim", "wire-reprint")]
    assert len(pages) >= 20
    assert [p["id"] for p in pages if mt_score(doc_of(p["text"])).method != "none"] == []


def test_seed_is_still_machine_translated_with_five_spans():
    s = mt_score(doc_of(SEED.read_text(encoding="utf-8"), "seed"))
    assert s.method == "machine-translated" and s.mt_probability >= default_detector().threshold
    assert len(s.evidence) >= 5


def test_method_is_the_widest_margin():
    assert method_verdict({"machine-translated": (0.9, 0.75), "llm-written": (0.99, 0.85)}) == "llm-written"
    assert method_verdict({"synonym-spun": (0.5, 0.6)}) == "none"


# --- summary and evidence agree -----------------------------------------------------------------

TEXTS = [
    "The council voted on Thursday to remove the statue. The mayor said the decision was final.",
    "Trump spoke at the White Home on Tuesday. Protection Secretary Pete Hegseth was there.",
    "Here is a paraphrased version of the article: The council voted. Furthermore, it is important to note the vote.",
    "The Federal Book raised rates. The bank said three,408 jobs were lost.",
]


@pytest.mark.parametrize("text", TEXTS + [SEED.read_text(encoding="utf-8")])
def test_summary_never_contradicts_the_evidence_below_it(text):
    s = mt_score(doc_of(text))
    line = summary_line(s)
    strong = [e for e in s.evidence if e.strong]
    if strong:
        assert not line.startswith("no clear sign"), (line, strong)
    if s.method != "none":
        assert line == f"likely {s.method}"
        # Every piece of evidence shown either is strong or points to the verdict.
        assert all(e.strong or e.method == s.method for e in s.evidence)
    out = io.StringIO()
    from rich.console import Console

    render_terminal(Report(copy=doc_of(text), mt=s), console=Console(file=out, width=200))
    shown = out.getvalue()
    assert line in shown
    for e in s.evidence[:8]:
        assert e.text in shown


def test_weak_evidence_is_shown_only_when_a_verdict_agrees():
    # "Iwoto"/"Ioto" are correct official names and "Saturdsay" a typo: on plain news none of them is evidence.
    text = ("Defense Secretary Pete Hegseth visited Iwoto on Saturdsay, the island known as Ioto in Japan. "
            "He joined Japanese leaders at a memorial service for those who died in the battle.")
    s = mt_score(doc_of(text))
    assert s.method == "none"
    assert [e.text for e in s.evidence] == []
    assert "Saturdsay" not in {e.text for e in mt_evidence(text)}  # a one-letter slip of "Saturday"
    assert "Iwoto" in {e.text for e in mt_evidence(text)}  # still found, just not shown without support


# --- language -----------------------------------------------------------------------------------

def test_non_english_input_is_reported_as_such_and_not_scored():
    arabic = "قال وزير الدفاع الأمريكي إن بلاده ستعزز التعاون العسكري مع اليابان. وأضاف أن التحالف قوي."
    s = mt_score(doc_of(arabic))
    assert (s.language, s.scored, s.method) == ("ar", False, "none")
    assert "Arabic" in s.note and summary_line(s).startswith("not scored")
    d = detect_dict(doc_of(arabic), s, 0.75)
    assert d["language"] == "ar" and d["mt_probability"] is None and d["spin_probability"] is None
    assert d["mt_likely"] is False


def test_non_english_input_through_the_cli(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text("Le monde a appris peu avant 14 heures que les États-Unis bombardaient des cibles. "
                    "La raison pour laquelle je le savais, c'est que le plan était dans le texte.", encoding="utf-8")
    result = runner.invoke(app, ["detect", str(page), "--format", "json"])
    assert result.exit_code == 0, result.output
    item = json.loads(result.output)
    assert item["language"] == "fr" and item["mt_probability"] is None and item["method"] == "none"
    result = runner.invoke(app, ["detect", str(page)])
    assert "not scored" in result.output and "French" in result.output


def test_mixed_language_page_is_scored_on_its_english_part():
    text = ("The minister said on Monday that the plan was ready for a vote in parliament. "
            "Le ministre a dit que le plan était prêt pour le vote. "
            "He added that the opposition would support it.")
    s = mt_score(doc_of(text))
    assert s.language == "en" and s.scored and "mixed-language" in s.note
    assert s.sentence_probabilities[1] == 0.0


def test_language_of_sentences():
    assert sentence_language("Der Minister sagte, dass die Reform nicht auf dem Tisch ist.") == "de"
    assert sentence_language("Министр заявил, что план готов.") == "ru"
    assert languages(["The plan was ready and the minister said so.", "OK."]) == ("en", ("en", "en"))
    # Reuters-21578 headlines: short English words another language also writes ("to", "do" are Czech, "care"
    # Romanian) do not make an English headline foreign (the detector would leave it out of the English part)
    assert sentence_language("U.S. TELLS JAPAN TO DO MORE TO CUT TRADE SURPLUS") == "en"
    assert sentence_language("MANOR CARE INC <MNR> CHAIRMAN RESIGNS") in ("en", None)


def test_detector_and_cross_language_stage_name_the_same_language():
    # One identifier (text.language) for both: the detector's used to call Icelandic, Czech and Croatian pages
    # English (scoring them with the English MT model) and Ukrainian Russian; on the 2,953 documents of wmt-dev's
    # foreign versions, the farm pages and 2,000 Reuters articles its document errors fell from 249 to 9.
    data = Path(__file__).parent / "data" / "multilingual"
    rows = [json.loads(line) for name in ("languages.jsonl", "foreign.jsonl")
            for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["lang"] for r in rows} >= {"is", "cs", "hr", "uk", "ru", "de", "ja", "zh"}
    for r in rows:
        assert languages(r["sentences"])[0] == identify(" ".join(r["sentences"])) == r["lang"], r["id"]
        s = mt_score(Document(r["id"], " ".join(r["sentences"]), tuple(r["sentences"])))
        assert s.language == r["lang"] and not s.scored


# --- signals ------------------------------------------------------------------------------------

def test_collocation_substitutions_and_artefacts():
    assert [(s.text, s.original) for s in find_substitutions("The Federal Book raised rates.")] == [
        ("Federal Book", "Federal Reserve")]
    assert find_substitutions("The Federal Reserve raised rates.") == []
    assert len(spinner_artefacts("It cost three,408 dollars.")) == 1
    assert count_spin_findings("The White Home said so; the White Home agreed.") == 1
    assert len(spin_features(["The Federal Book raised rates."])) == 5


def test_prompt_echo_is_strong_llm_evidence():
    ev = mt_evidence("Here is a paraphrased version of the article: The council voted.")
    assert [(e.kind, e.method, e.strong) for e in ev] == [("prompt_echo", "llm-written", True)]
    assert [k for k, *_ in llm_signatures("Notably, the vote failed.")] == ["llm_phrase"]


def test_wordnet_spinner_is_deterministic():
    pytest.importorskip("numpy")
    from unspin.train.wordnet import WORDNET_DIR, load_thesaurus
    from unspin.train.spinner import spin_sentences

    if not (WORDNET_DIR / "data.noun").exists():
        pytest.skip("WordNet (Debian wordnet-base) not installed")
    t = load_thesaurus()
    sentences = ["The White House said the meeting was productive.", "Officials told reporters 3,408 jobs were cut."]
    a, b = spin_sentences(sentences, t, 7), spin_sentences(sentences, t, 7)
    assert a == b and a != tuple(sentences)
    assert "Home" in t.variants("House") and "Related" in t.variants("Associated")
