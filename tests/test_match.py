import json
from pathlib import Path

from unspin import Archive, Document, Settings, find_original
from unspin.check import abstention
from unspin.datasets.wmt import BenchCopy, partial
from unspin.ingest.text import from_text


def test_every_sample_copy_finds_its_original(archive, sample_copies):
    for c in sample_copies:
        att = find_original(c["document"], archive)
        assert att.match is not None, c["document"].id
        assert att.match.original_id == c["original_id"]
        assert 0.5 <= att.match.confidence <= 1.0
        assert att.candidates[0].id == c["original_id"]


def test_abstains_when_the_original_is_withheld(sample_originals, sample_copies):
    wrong = 0
    for c in sample_copies:
        with Archive() as a:
            a.add([d for d in sample_originals if d.id != c["original_id"]])
            att = find_original(c["document"], a)
            wrong += att.match is not None
            assert att.original is None or att.original.id != c["original_id"]
    assert wrong == 0


def test_partial_copies_find_their_original(archive, sample_copies):
    found = 0
    for c in sample_copies:
        bc = BenchCopy(c["document"], c["original_id"], tuple(c["gold"]), "", "")
        att = find_original(partial(bc).document, archive)
        found += att.match is not None and att.match.original_id == c["original_id"]
    assert found >= len(sample_copies) - 1


def test_empty_archive_and_empty_copy():
    with Archive() as a:
        assert find_original(Document("c", "x", ("Hegseth met Nakatani.",)), a).match is None
    with Archive() as a:
        a.add([Document("o", "Hegseth met Nakatani.", ("Hegseth met Nakatani.",))])
        assert find_original(Document("c", "", ()), a).candidates == ()


# Two template stories (the weekly Reuters oil-demand item, written for this test): every word but
# the numbers is shared, so only number agreement tells "the same template" from "a copy".
_WEEK_16 = (
    "U.S. oil demand as measured by products supplied rose 0.6 pct in the four weeks ended April 17 to "
    "15.91 mln barrels per day from 15.82 mln in the same period a year ago, the Energy Information "
    "Administration said.",
    "In its weekly petroleum status report, the agency said distillate demand fell 3.1 pct in the period "
    "to 2.93 mln bpd from 3.02 mln a year earlier.",
    "Gasoline demand averaged 7.11 mln bpd, up 1.8 pct from 6.98 mln last year, it said.",
    "Residual fuel demand was 1.21 mln bpd, down 4.7 pct from 1.27 mln, the agency said.",
)
_WEEK_14 = (
    "U.S. oil demand as measured by products supplied fell 2.6 pct in the four weeks ended April 3 to "
    "15.73 mln barrels per day from 16.16 mln in the same period a year ago, the Energy Information "
    "Administration said.",
    "In its weekly petroleum status report, the agency said distillate demand fell 5.4 pct in the period "
    "to 2.88 mln bpd from 3.05 mln a year earlier.",
    "Gasoline demand averaged 6.97 mln bpd, up 0.4 pct from 6.94 mln last year, it said.",
    "Residual fuel demand was 1.17 mln bpd, down 9.2 pct from 1.29 mln, the agency said.",
)


def test_a_template_story_with_other_numbers_is_not_called_a_copy(sample_originals):
    with Archive() as a:
        a.add([*sample_originals, Document("week-16", " ".join(_WEEK_16), _WEEK_16)])
        other_week = find_original(Document("week-14", " ".join(_WEEK_14), _WEEK_14), a)
        assert other_week.match is None
        assert other_week.features["number_agreement"] < 0.2
        # A spun copy of week 16 keeps its numbers and is found.
        spun = tuple(s.replace("rose", "climbed").replace("said", "stated").replace("averaged", "ran at") for s in _WEEK_16)
        copy = find_original(Document("spun", " ".join(spun), spun), a)
        assert copy.match is not None and copy.match.original_id == "week-16"
        assert copy.features["number_agreement"] == 1.0


# Two real pages about the 2025 Iwo Jima memorial from different agencies' stories (tests/data/farm/pages.jsonl):
# an LLM rewrite of the AP story (the archived "original") and two sentences of an LLM rewrite of the
# Anadolu story that no sentence of the AP rewrite matches (weighted Dice < 0.12 with each of them).
_AP_REWRITE = "farm/hegseth-iwojima-ap/4"
_ANADOLU_ONLY = (
    "\"The alliance shows how yesterday's enemy has become today\u2019s friend,\" he said, before laying a wreath at a "
    "cenotaph honoring those who died in the battle.",
    "The island was returned to Japanese control in 1968.",
)


def test_a_same_event_report_sharing_no_sentence_is_refused_however_it_leads(sample_originals, sample_copies):
    page = next(r for r in map(json.loads, (Path(__file__).parent / "data/farm/pages.jsonl").read_text(encoding="utf-8").splitlines())
                if r["id"] == _AP_REWRITE)
    copy = Document("anadolu-rewrite", " ".join(_ANADOLU_ONLY), _ANADOLU_ONLY)
    with Archive() as a:
        a.add([*sample_originals, from_text(page["text"], _AP_REWRITE)])
        # The model alone names the only same-event article: it leads the unrelated rest by far.
        ungated = find_original(copy, a, Settings(min_aligned_similarity=0.0))
        assert ungated.match is not None and ungated.match.original_id == _AP_REWRITE
        assert ungated.features["lead"] > 0.4 and ungated.features["aligned_share"] == 0.0
        # With the evidence gate (no aligned row carries any of the copy) it abstains, and says why.
        gated = find_original(copy, a)
        assert gated.match is None and gated.best is not None and gated.best.id == _AP_REWRITE
        assert any("aligned" in r for r in abstention(gated, Settings()).reasons)
        # A true 30 % excerpt of a machine translation in the same archive is still found, well above the floor.
        for c in sample_copies[:6]:
            excerpt = partial(BenchCopy(c["document"], c["original_id"], tuple(c["gold"]), "", "")).document
            att = find_original(excerpt, a)
            assert att.match is not None and att.match.original_id == c["original_id"], excerpt.id
            assert att.features["aligned_similarity"] >= 2 * Settings().min_aligned_similarity


def test_a_check_reports_the_operating_point_of_the_model_its_archive_size_selects(sample_originals, sample_copies):
    from unspin.match.calibration import load_matcher_model, model_for

    doc = sample_copies[0]["document"]
    with Archive() as a:
        a.add(sample_originals)
        att = find_original(doc, a)
        assert model_for(len(a)) is load_matcher_model()  # a small archive: the base model
        assert att.features["operating_point"] == load_matcher_model()["threshold"]
        # one sentence of it at an operating point no check reaches: refused, and the reason names that point
        refused = find_original(Document("x", "", doc.sentences[:1]), a, Settings(min_confidence=0.999))
        assert refused.match is None and refused.best is not None
        assert abstention(refused, Settings(min_confidence=0.999)).threshold == 0.999
