"""The intent parser on wording of our own (not the eval set)."""
import pytest

from intents.models import CodeRef
from intents.parse import clean, parse


@pytest.mark.parametrize("question,intent", [
    ("whats 99215", "describe"),
    ("info on 20610", "describe"),
    ("G0439", "describe"),
    ("work RVUs 99223", "rvu"),
    ("what's the reimbursement for 97110", "payment"),
    ("fee for 11042", "payment"),
    ("what kind of doctor bills 33208", "specialty"),
    ("who typically does carpal tunnel release", "specialty"),
    ("when can I bill 99417", "usage"),
    ("documentation requirements for 99497", "usage"),
    ("post-op days for 27447", "global_period"),
    ("global on lap chole", "global_period"),
    ("difference between 99202 and 99203", "compare"),
    ("99212 99213", "compare"),
    ("99202-99205", "compare"),
    ("what code for ear wax removal", "find_code"),
    ("flu shot", "find_code"),
    ("what is a TKA", "find_code"),
    ("", "help"),
    ("help", "help"),
    ("?", "help"),
])
def test_intents(question, intent):
    assert parse(question).intent == intent


def test_modifiers_in_every_spelling():
    assert parse("93306-26").codes == (CodeRef("93306", "26"),)
    assert parse("71046 TC").codes == (CodeRef("71046", "TC"),)
    assert parse("99214-25 and 96372").codes == (CodeRef("99214", "25"), CodeRef("96372"))
    assert parse("what is g2211").codes == (CodeRef("G2211"),)


def test_ranges_expand_to_known_codes_only():
    known = {"99202", "99203", "99204", "99205"}
    query = parse("compare 99201-99205", known=lambda c: c in known)
    # The endpoints stay (so an unknown one is reported); codes inside the range only if real.
    assert [c.code for c in query.codes] == ["99201", "99202", "99203", "99204", "99205"]
    gappy = parse("99210-99215", known=lambda c: c in {"99211", "99213"})
    assert [c.code for c in gappy.codes] == ["99210", "99211", "99213", "99215"]


def test_zip_and_place():
    assert parse("how much does 99214 pay in zip 10001").zip_code == "10001"
    assert parse("pay 27447 zip 10001").intent == "payment"
    assert parse("how much does 99214 pay in manhattan").place == "manhattan"
    assert parse("how much does 99214 pay in the facility").place == ""


def test_year_over_year_flag():
    query = parse("what changed for 99214 from 2025 to 2026")
    assert query.year_over_year and [c.code for c in query.codes] == ["99214"]


def test_clean_strips_control_characters_and_slack_markup():
    assert clean("hi\x00\x07 <!channel> <@U123> what is 99214") == "hi what is 99214"
    assert len(clean("x" * 10000)) == 500


def test_add_on_wish_is_noticed():
    assert parse("each additional hour of infusion").wants_add_on
    assert not parse("first hour of infusion").wants_add_on


def test_for_names_the_service_unless_a_code_was_given():
    assert parse("wrvu for tka").intent == "rvu"
    assert parse("rvus for cataract surgery").subject == "cataract surgery"
    assert parse("how much does medicare pay for a knee injection").place == ""
    assert parse("99214 rate for manhattan").place == "manhattan"
    query = parse("what does a knee injection pay in texas")
    assert (query.place, query.subject) == ("texas", "knee injection")
