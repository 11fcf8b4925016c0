"""Search quality on our own wording over the full RVU25D catalog (needs ../shared/cms)."""
import pytest


@pytest.mark.parametrize("words,expected", [
    ("knee replacement", {"27447"}),
    ("ear wax removal", {"69210", "69209"}),
    ("colonoscopy with biopsy", {"45380"}),
    ("colonoscopy without biopsy", {"45378"}),
    ("screening mammogram", {"77067"}),
    ("annual wellness visit subsequent", {"G0439"}),
    ("lap chole", {"47562"}),
    ("skin tag removal", {"11200"}),
    ("cbc with diff", {"85025"}),
    ("chronic care management 20 minutes", {"99490"}),
    ("new patient office visit level 3", {"99203"}),
    ("established patient office visit level 3", {"99213"}),
    ("iv push first drug", {"96374"}),
])
def test_finds_the_right_code_first(answerer_25d, words, expected):
    hits = answerer_25d.index.search(words)
    assert hits and hits[0].code in expected, [h.code for h in hits]


@pytest.mark.parametrize("typo,expected", [
    ("colonscopy", "45378"), ("arthroscopy knee menisectomy medial", "29881"), ("echocardiogrm complete", "93306"),
])
def test_typos_are_forgiven(answerer_25d, typo, expected):
    assert expected in [h.code for h in answerer_25d.index.search(typo, limit=3)]


def test_base_service_before_add_on_unless_asked(answerer_25d):
    assert answerer_25d.index.search("iv infusion drug")[0].code == "96365"
    assert answerer_25d.index.search("iv infusion drug each additional hour", wants_add_on=True)[0].code == "96366"


def test_who_bills_answers_with_specialties(answerer_25d):
    answer = answerer_25d.answer("who bills cataract surgery")
    assert answer.intent == "specialty"
    assert answer.codes[0] in ("66984", "66982")
    assert "Ophthalmology" in [s["name"] for s in answer.specialties]


def test_nonsense_gets_no_random_code(answerer_25d):
    answer = answerer_25d.answer("zzqx blorf")
    assert answer.intent == "unknown" and not answer.items
