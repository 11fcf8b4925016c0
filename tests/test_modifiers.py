"""Each payment-modifier rule against a worked example, and on real codes against the CMS file."""
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest

from intents.facts import load_indicators

from intents.models import CodeRecord
from intents.modifiers import FAMILIES, adjusted_payment, rule_for
from intents.pricing import NATIONAL, Gpci
from tests.cms_files import read_pprrvu_csv

CF = Decimal("30")  # a round conversion factor keeps the worked examples checkable by hand
# A surgical code worth 10.00 RVUs in the office and 8.00 in a facility: $300.00 / $240.00 at CF 30.
SURGERY = CodeRecord(
    code="00001", modifier="", status="A", work=Decimal("5.00"), pe_nonfac=Decimal("4.00"), pe_fac=Decimal("2.00"),
    mp=Decimal("1.00"), total_nonfac=Decimal("10.00"), total_fac=Decimal("8.00"), nonfac_na=False, fac_na=False,
    pctc="0", global_days="090", mult_proc="2", bilat="1", asst="2", co_surg="2", team="0", endo_base="",
    conversion_factor=CF, release="TEST",
)


def priced(modifier, record, rows=None, endo=None, gpci=NATIONAL):
    rows = rows or {"": record}
    rule = rule_for(modifier, record, rows)
    return rule, adjusted_payment(rule, record, rows, endo, gpci, CF)


def dollars(*values):
    return tuple(None if v is None else Decimal(v) for v in values)


def rounded(amounts):
    return tuple(None if a is None else a.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for a in amounts)


# -- 50 bilateral ----------------------------------------------------------------------------------

def test_bilateral_150_percent():
    rule, amounts = priced("50", SURGERY)
    assert (rule.kind, rule.percent) == ("paid", 150)
    assert rounded(amounts) == dollars("450.00", "360.00")  # 1.5 × $300 / $240


def test_bilateral_already_priced_for_both_sides_is_100_percent():
    rule, amounts = priced("50", replace(SURGERY, bilat="2"))
    assert rounded(amounts) == dollars("300.00", "240.00")


def test_bilateral_per_side_is_200_percent():
    rule, amounts = priced("50", replace(SURGERY, bilat="3"))
    assert rounded(amounts) == dollars("600.00", "480.00")


@pytest.mark.parametrize("indicator", ["0", "9"])
def test_bilateral_not_applicable_gives_no_number(indicator):
    rule, amounts = priced("50", replace(SURGERY, bilat=indicator))
    assert rule.kind == "not_applicable" and not rule.priced
    assert amounts == (None, None)


# -- 51 multiple procedures ------------------------------------------------------------------------

def test_multiple_procedure_standard_rule_pays_half():
    rule, amounts = priced("51", SURGERY)
    assert rule.percent == 50
    assert rounded(amounts) == dollars("150.00", "120.00")


def test_multiple_procedure_exempt_pays_in_full():
    rule, amounts = priced("51", replace(SURGERY, mult_proc="0"))
    assert rounded(amounts) == dollars("300.00", "240.00")


def test_endoscopy_family_pays_the_code_less_its_base():
    scope = replace(SURGERY, mult_proc="3", endo_base="00002", total_nonfac=Decimal("12.00"), total_fac=Decimal("6.00"))
    base = replace(SURGERY, code="00002", mult_proc="2", total_nonfac=Decimal("9.00"), total_fac=Decimal("5.00"))
    rule, amounts = priced("51", scope, endo={"": base})
    assert rule.method == "endoscopy" and rule.endo_base == "00002"
    assert rounded(amounts) == dollars("90.00", "30.00")  # (12 - 9) × 30, (6 - 5) × 30


def test_endoscopy_without_its_base_loaded_has_no_number():
    scope = replace(SURGERY, mult_proc="3", endo_base="00002")
    assert priced("51", scope, endo=None)[1] == (None, None)


def diagnostic(mult_proc):
    """A test with global 4.00 RVUs = professional 1.00 + technical 3.00 (office and facility alike)."""
    glob = replace(SURGERY, mult_proc=mult_proc, pctc="1", bilat="0", asst="0", co_surg="0",
                   total_nonfac=Decimal("4.00"), total_fac=Decimal("4.00"))
    pc = replace(glob, modifier="26", total_nonfac=Decimal("1.00"), total_fac=Decimal("1.00"))
    tc = replace(glob, modifier="TC", total_nonfac=Decimal("3.00"), total_fac=Decimal("3.00"))
    return glob, {"": glob, "26": pc, "TC": tc}


@pytest.mark.parametrize("indicator,expected", [
    ("4", "73.50"),  # imaging: TC $90 × 50% + PC $30 × 95% = 45 + 28.50
    ("6", "97.50"),  # cardiovascular: TC $90 × 75% + PC $30
    ("7", "102.00"),  # ophthalmology: TC $90 × 80% + PC $30
])
def test_diagnostic_reductions_fall_on_the_components(indicator, expected):
    glob, rows = diagnostic(indicator)
    rule, amounts = priced("51", glob, rows)
    assert rounded(amounts) == dollars(expected, expected)


def test_imaging_reduction_on_the_technical_row_alone():
    glob, rows = diagnostic("4")
    rule = rule_for("51", glob, rows)
    assert rounded(adjusted_payment(rule, rows["TC"], rows, None, NATIONAL, CF)) == dollars("45.00", "45.00")


def test_therapy_halves_the_practice_expense():
    rule, amounts = priced("51", replace(SURGERY, mult_proc="5"))
    # office: 10.00 - 4.00 / 2 = 8.00 RVUs; facility: 8.00 - 2.00 / 2 = 7.00 RVUs
    assert rounded(amounts) == dollars("240.00", "210.00")


def test_therapy_reduction_with_a_locality():
    gpci = Gpci(Decimal("1.1"), Decimal("1.2"), Decimal("0.5"))
    rule, amounts = priced("51", replace(SURGERY, mult_proc="5"), gpci=gpci)
    # office: (5 × 1.1 + 2 × 1.2 + 1 × 0.5) × 30 = 252.00
    assert rounded(amounts)[0] == Decimal("252.00")


def test_multiple_procedure_concept_not_applicable():
    rule, amounts = priced("51", replace(SURGERY, mult_proc="9"))
    assert rule.kind == "not_applicable" and amounts == (None, None)


# -- 80/81/82/AS assistant at surgery --------------------------------------------------------------

@pytest.mark.parametrize("modifier", ["80", "81", "82"])
def test_assistant_at_surgery_is_16_percent(modifier):
    rule, amounts = priced(modifier, SURGERY)
    assert rounded(amounts) == dollars("48.00", "38.40")


def test_non_physician_assistant_is_85_percent_of_16():
    rule, amounts = priced("AS", SURGERY)
    assert rule.percent == Decimal("13.6")
    assert rounded(amounts) == dollars("40.80", "32.64")


def test_assistant_needing_documentation_gives_no_number():
    rule, amounts = priced("80", replace(SURGERY, asst="0"))
    assert rule.kind == "documentation" and rule.reason == ""
    meaning = load_indicators()["modifiers"][rule.column][rule.indicator]
    assert "documentation" in meaning
    assert amounts == (None, None)


def test_assistant_never_paid():
    rule, amounts = priced("80", replace(SURGERY, asst="1"))
    assert rule.kind == "not_paid" and amounts == (None, None)


# -- 62 co-surgeons and 66 team surgery -------------------------------------------------------------

def test_co_surgeons_each_get_62_5_percent():
    rule, amounts = priced("62", SURGERY)
    assert rounded(amounts) == dollars("187.50", "150.00")


def test_co_surgeons_with_documentation_give_no_number():
    rule, amounts = priced("62", replace(SURGERY, co_surg="1"))
    assert rule.kind == "documentation" and amounts == (None, None)


def test_co_surgeons_not_permitted():
    assert priced("62", replace(SURGERY, co_surg="0"))[0].kind == "not_paid"


@pytest.mark.parametrize("indicator", ["1", "2"])
def test_team_surgery_is_priced_by_report(indicator):
    rule, amounts = priced("66", replace(SURGERY, team=indicator))
    assert rule.kind == "by_report" and amounts == (None, None)


def test_team_surgery_not_permitted():
    assert priced("66", SURGERY)[0].kind == "not_paid"


# -- 26 / TC / 53 and non-payable codes --------------------------------------------------------------

def test_component_modifiers_use_their_rows_or_say_they_cannot_apply():
    glob, rows = diagnostic("4")
    assert rule_for("26", glob, rows).kind == "row"
    visit = rule_for("26", SURGERY, {"": SURGERY})
    assert (visit.kind, visit.reason) == ("not_applicable", "no_component")
    assert rule_for("53", SURGERY, {"": SURGERY}).kind == "contractor"
    assert rule_for("25", SURGERY, {"": SURGERY}) is None  # not a payment modifier


def test_non_payable_code_has_no_modifier_amount():
    rule, amounts = priced("50", replace(SURGERY, status="X"))
    assert rule.kind == "not_paid" and amounts == (None, None)


# -- the rules cover the CMS file, and real codes ----------------------------------------------------

@pytest.fixture(scope="module")
def pprrvu(rvu25d_dir):
    return {(r["HCPCS"], r["MOD"]): r for r in read_pprrvu_csv(rvu25d_dir / "PPRRVU2025_Oct.csv")}


def test_every_indicator_value_in_the_file_has_a_rule(pprrvu):
    columns = {"MULT PROC": "mult_proc", "BILAT SURG": "bilat", "ASST SURG": "asst", "CO- SURG": "co_surg",
               "TEAM SURG": "team"}
    for column, field in columns.items():
        family = next(f for f in FAMILIES if f.field == field)
        values = {row[column] for row in pprrvu.values()}
        assert values <= set(family.outcomes), (column, values - set(family.outcomes))


def cents(value):
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_real_codes_national_amounts(answerer_25d, pprrvu):
    knee = pprrvu[("27447", "")]
    cf = Decimal(knee["CONV FACTOR"])
    facility = Decimal(knee["FACILITY TOTAL"]) * cf
    bilateral = answerer_25d.answer("27447-50", release="RVU25D").facts["27447"]["modifier_adjustment"]
    assert bilateral["indicator"] == knee["BILAT SURG"] == "1"
    assert bilateral["payment_facility"] == cents(facility * Decimal("1.5"))
    assert bilateral["payment_nonfacility"] is None  # NA in the office
    assistant = answerer_25d.answer("27447-80", release="RVU25D").facts["27447"]["modifier_adjustment"]
    assert assistant["payment_facility"] == cents(facility * Decimal("0.16"))
    scope, base = pprrvu[("45380", "")], pprrvu[(pprrvu[("45380", "")]["ENDO BASE"], "")]
    family = answerer_25d.answer("45380-51", release="RVU25D").facts["45380"]["modifier_adjustment"]
    assert family["payment_nonfacility"] == cents((Decimal(scope["NON-FACILITY TOTAL"])
                                                   - Decimal(base["NON-FACILITY TOTAL"])) * cf)


def test_real_code_modifier_with_locality(answerer_25d, pprrvu, rvu25d_dir):
    from tests.cms_files import read_gpci_csv

    gpci = next(g for g in read_gpci_csv(rvu25d_dir / "GPCI2025.csv") if g["name"] == "HOUSTON")
    knee = pprrvu[("27447", "")]
    total = (Decimal(knee["WORK RVU"]) * Decimal(gpci["work"]) + Decimal(knee["FACILITY PE RVU"]) * Decimal(gpci["pe"])
             + Decimal(knee["MP RVU"]) * Decimal(gpci["mp"]))
    loc = answerer_25d.answer("27447-50 in houston, tx", release="RVU25D").facts["27447"]["locality"]
    assert loc["modifier_payment_facility"] == cents(total * Decimal(knee["CONV FACTOR"]) * Decimal("1.5"))


def test_modifier_a_code_cannot_take_is_said_plainly(answerer_25d):
    from bot.render import render_text

    answer = answerer_25d.answer("how much does 99214-26 pay", release="RVU25D")
    assert answer.facts["99214"]["modifier_adjustment"]["outcome"] == "not_applicable"
    text = render_text(answer)
    assert "Modifier 26 cannot be used with this code" in text
    assert "figures shown are for the code without the modifier" in text
    documented = render_text(answerer_25d.answer("27447-62", release="RVU25D"))
    assert "CO-SURG 1" in documented and "documentation" in documented
    assert "National amount with -62" not in documented


def test_every_indicator_value_has_its_meaning_in_the_data():
    meanings = load_indicators()["modifiers"]
    for family in FAMILIES:
        for value in family.outcomes:
            assert meanings[family.column][value].strip(), (family.column, value)
