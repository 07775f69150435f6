"""unspin.detect: signatures, features, the shipped detector, training determinism (tests/data/mt, examples/seed.txt)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ConfigError
from unspin.detect import DEFAULT_THRESHOLD, load_detector, mt_evidence, mt_score
from unspin.bench.detect import level_metrics
from unspin.detect.features import document_features, feature_names, hashed_ngrams, name_variants, text_features
from unspin.detect.model import Detector, default_detector
from unspin.detect.signatures import count_findings, find_signatures
from unspin.train.detector import load_examples, load_native_english, operating_threshold, train_detector
from unspin.text.normalize import split_sentences
from unspin.records import Document

ROOT = Path(__file__).resolve().parents[1]
MT_DATA = ROOT / "tests" / "data" / "mt"
SEED = ROOT / "examples" / "seed.txt"


@pytest.fixture(scope="module")
def examples():
    return load_examples(MT_DATA)


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    text = SEED.read_text(encoding="utf-8")
    return Document(id="seed", text=text, sentences=split_sentences(text))


# --- signatures -------------------------------------------------------------------------------

def test_seed_signatures_are_the_ones_a_reader_sees(seed_doc):
    found = {(s.kind, seed_doc.text[s.start:s.end]) for s in find_signatures(seed_doc.text)}
    assert ("unknown_name", "Higseth") in found
    assert ("unknown_name", "Ritzomican") in found
    assert ("doubled_token", "administration’s administration’s") in found
    assert ("detached_hyphen", "self -governing") in found
    assert ("detached_hyphen", "85 -minute") in found
    assert ("midsentence_capital", "The") in found  # "concluded The first official visit"
    assert ("grammar", "eighty anniversary") in found


@pytest.mark.parametrize(
    "text",
    [
        "The council voted unanimously on Thursday to remove the statue.",
        "He joined Serie A side Lazio and recorded \"The Lady Is a Tramp\" in 1937.",
        "Police said the pre- and post-war records were lost in the fire.",
        "\"How dare you?\" she said, her voice shaking. \"It is over,\" he said.",
        "Students marched in the annual Saba Saba protest; that that was allowed surprised many.",
    ],
)
def test_no_findings_in_ordinary_english(text):
    assert count_findings(text) == 0


def test_findings_fire_on_spinner_and_idiom_text():
    text = "The Related Press said synthetic intelligence is, for Wall Road, just a drop in the sea."
    kinds = [s.kind for s in find_signatures(text)]
    assert kinds.count("spinner") == 3 and kinds.count("idiom") == 1
    assert count_findings(text) == 4


def test_no_findings_in_the_fixture_negatives(examples):
    # English originals and human translations: the high-precision kinds stay silent on all 16.
    negatives = [e for e in examples if e.kind != "mt"]
    assert len(negatives) == 16
    assert sum(count_findings(*e.sentences) for e in negatives) == 0


# --- evidence and score -----------------------------------------------------------------------

def test_seed_scores_above_threshold_with_five_distinct_evidence_spans(seed_doc):
    score = mt_score(seed_doc)
    assert score.mt_probability >= DEFAULT_THRESHOLD
    assert len(score.sentence_probabilities) == len(seed_doc.sentences)
    assert all(0.0 <= p <= 1.0 for p in score.sentence_probabilities)
    texts = {e.text for e in score.evidence}
    assert len(texts) >= 5
    assert {"Higseth", "administration’s administration’s", "self -governing", "85 -minute"} <= texts
    for e in score.evidence:
        assert seed_doc.text[e.span[0]:e.span[1]] == e.text
        assert e.reason


def test_evidence_is_reported_once_per_wording_with_a_count():
    ev = mt_evidence("Mr. Higseth said so. Then Higseth left.")
    assert [e.text for e in ev] == ["Higseth"]
    assert ev[0].span == (4, 11) and "(2 times)" in ev[0].reason


def test_document_without_sentences_gets_a_probability_but_no_strip(seed_doc):
    score = mt_score(Document(id="x", text=seed_doc.text))
    assert 0.0 <= score.mt_probability <= 1.0
    assert score.sentence_probabilities == ()


def test_mt_copies_outrank_english_originals_on_the_fixtures(examples):
    # A sanity check, not a held-out figure: these documents were in the shipped model's training data.
    p = {e.kind: [] for e in examples}
    for e in examples:
        p[e.kind].append(mt_score(Document(id=e.id, text=" ".join(e.sentences), sentences=e.sentences)).mt_probability)
    kinds = [k for k, v in p.items() for _ in v]
    scores = np.array([x for v in p.values() for x in v])
    assert level_metrics(scores, kinds, DEFAULT_THRESHOLD)["auc_vs_english"] >= 0.8


# --- features ---------------------------------------------------------------------------------

def test_document_features_match_per_sentence_and_whole_text(seed_doc):
    sentences = seed_doc.sentences[:5]
    per_sentence, doc = document_features(sentences)
    assert per_sentence.shape == (5, len(feature_names()))
    assert np.allclose(per_sentence[2], text_features([sentences[2]]))
    assert np.allclose(doc, text_features(sentences))


def test_name_variants_and_hashing_are_stable():
    assert name_variants(["Higseth", "Higth", "Tokyo"]) == pytest.approx(2 / 3)
    a = hashed_ngrams(["The minister said so."])
    assert a == hashed_ngrams(["The minister said so."])
    assert sum(v * v for v in a.values()) == pytest.approx(1.0)


# --- model file -------------------------------------------------------------------------------

def test_shipped_model_records_how_it_was_trained():
    det = default_detector()
    assert 0.0 < det.threshold < 1.0 and det.threshold == DEFAULT_THRESHOLD
    assert det.training["command"].startswith("unspin train detector")
    assert len(det.training["data_sha256"]) == 64
    assert det.training["seed"] == 0


def test_detector_round_trips_through_json(tmp_path, seed_doc):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(default_detector().to_dict()), encoding="utf-8")
    again = load_detector(path)
    assert mt_score(seed_doc, again).mt_probability == pytest.approx(mt_score(seed_doc).mt_probability, abs=1e-6)


def test_wrong_model_file_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something/else"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not an unspin detector"):
        load_detector(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_detector(tmp_path / "missing.json")


def test_inference_does_not_import_sklearn():
    code = (
        "import sys\n"
        "from unspin.detect import mt_score\n"
        "from unspin.records import Document\n"
        "mt_score(Document(id='x', text='He said so.', sentences=('He said so.',)))\n"
        "assert 'sklearn' not in sys.modules, 'sklearn imported at inference'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- training ---------------------------------------------------------------------------------

def test_training_on_the_fixtures_records_data_seed_and_prior(examples):
    # Determinism (two runs, identical bytes) is checked through the CLI in test_cli_detect.py.
    det = Detector.from_dict(train_detector(MT_DATA, seed=0))
    assert det.training["n_documents"] == len(examples)  # 2 copies per document: all kept at 3
    assert det.training["seed"] == 0 and len(det.training["data_sha256"]) == 64
    assert det.stack[2] == 1.0  # the findings prior is written into the file, not refitted
    assert 0.0 < det.threshold <= 1.0


@pytest.fixture(scope="module")
def native_english(tmp_path_factory, reuters_rows):
    """The fixture's Reuters articles (distractor layout: title first) as a native-English file."""
    path = tmp_path_factory.mktemp("native") / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reuters_rows), encoding="utf-8")
    return path


def test_native_english_loader_drops_titles_and_short_articles(native_english, tmp_path):
    docs = load_native_english(native_english)
    assert [d.kind for d in docs] == ["native-english"] * 8  # 8 of the 16 have >= 6 body sentences
    assert all(len(d.sentences) >= 6 and d.sentences[0] != "BAHIA COCOA REVIEW" for d in docs)
    sample = [d.id for d in load_native_english(native_english, seed=1, limit=3)]
    assert len(sample) == 3 and sample == sorted(sample)  # seeded sample, in id order
    assert {d.id for d in load_native_english(native_english, seed=1, limit=8)} == {d.id for d in docs}
    short = tmp_path / "short.jsonl"
    short.write_text(json.dumps({"id": "x", "sentences": ["TITLE", "One.", "Two."]}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no English documents"):
        load_native_english(short)


def test_training_with_native_english_counts_it_and_keeps_it_under_the_threshold(examples, native_english):
    det = Detector.from_dict(train_detector(MT_DATA, seed=0, english=native_english))
    assert det.training["n_documents"] == len(examples) + 8
    assert det.training["native_english"]["documents"] == 8
    # The threshold keeps out-of-fold FPR <= 2 % on each English kind: with 8 articles, none may pass it.
    native = load_native_english(native_english)
    scores = [mt_score(Document(id=d.id, text=" ".join(d.sentences), sentences=d.sentences), det).mt_probability for d in native]
    assert sum(s >= det.threshold for s in scores) <= 1  # in-sample refit may move one across


def test_operating_threshold_respects_every_english_kind():
    p = np.array([0.1, 0.2, 0.6, 0.3, 0.9, 0.95])
    kinds = ["english-source", "english-source", "english-source", "native-english", "mt", "mt"]
    assert operating_threshold(p, kinds) > 0.6  # the highest English-source score sets it
    assert operating_threshold(p, ["mt"] * 6) == 0.5


def test_a_broken_native_english_line_is_named_not_a_traceback(tmp_path):
    bad = tmp_path / "news.jsonl"
    bad.write_text('{"id": "a", "sentences": []}\n\n{not json\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"news.jsonl:3: not a JSON line"):
        load_native_english(bad)


def test_binary_or_broken_gzip_native_english_is_a_clear_error(tmp_path):
    png = tmp_path / "news.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match="cannot read it as UTF-8 JSON Lines"):
        load_native_english(png)
    fake_gz = tmp_path / "news.jsonl.gz"
    fake_gz.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read it as UTF-8 JSON Lines"):
        load_native_english(fake_gz)


@pytest.mark.parametrize("regex_name", ["_DETACHED_HYPHEN_RE", "_CONTRACTION_RE"])
def test_word_scans_start_only_where_a_word_starts(regex_name):
    # Tried from inside a word, these scans re-read the rest of the word from every letter:
    # quadratic on a long token without spaces (a pasted blob made `check` take ~36 s on 20,000
    # characters). Starting mid-word must not match; from the word's start the match is unchanged.
    from unspin.detect import features, signatures

    regex = signatures._DETACHED_HYPHEN_RE if regex_name == "_DETACHED_HYPHEN_RE" else features._CONTRACTION_RE
    text = "the self -governing region" if regex_name == "_DETACHED_HYPHEN_RE" else "they wouldn't go"
    start = text.index("self" if regex_name == "_DETACHED_HYPHEN_RE" else "wouldn")
    assert regex.match(text, start) is not None
    assert regex.match(text, start + 1) is None


def test_a_long_token_without_spaces_is_scored_like_any_text():
    # A base64 blob or one letter repeated: scored, no evidence invented, no exception.
    for blob in ("a" * 20000, "QUJD" * 5000, "a-" * 10000):
        score = mt_score(Document("blob", blob))
        assert 0.0 <= score.mt_probability <= 1.0
        assert not [s for s in find_signatures(blob) if s.kind in ("detached_hyphen", "doubled_token")]
