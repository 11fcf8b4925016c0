"""Every figure the bot shows, checked against the CMS file read independently (tests/cms_files.py)."""
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.cms_files import cms_path, read_pprrvu_csv

# At least one of every kind: E/M, 090 surgery, 26/TC split, status X lab, ZZZ add-on, HCPCS G.
CODES = [
    ("99213", ""), ("99214", ""), ("99215", ""), ("99204", ""), ("99291", ""),   # E/M
    ("27447", ""), ("27130", ""), ("47562", ""), ("49505", ""),                  # 090 global
    ("29881", ""), ("43239", ""), ("20610", ""), ("96406", ""),                  # 000 global
    ("93306", ""), ("93306", "26"), ("93306", "TC"), ("70450", "26"), ("71046", "TC"), ("88305", "26"),  # PC/TC
    ("85025", ""), ("80053", ""), ("36415", ""),                                 # status X lab
    ("99292", ""), ("96415", ""), ("11045", ""), ("G2211", ""),                  # ZZZ add-ons
    ("G0008", ""), ("G0439", ""), ("G0121", ""),                                 # HCPCS G
    ("45378", "53"),                                                             # discontinued colonoscopy row
]
PAYABLE = set("ART")


@pytest.fixture(scope="module")
def cms_rows():
    path = cms_path("rvu25d/PPRRVU2025_Oct.csv")
    if path is None:
        pytest.skip("../shared/cms not available")
    return {(r["HCPCS"], r["MOD"]): r for r in read_pprrvu_csv(path)}


def _cents(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("code,modifier", CODES, ids=[f"{c}{'-' + m if m else ''}" for c, m in CODES])
def test_answer_figures_match_cms(answerer_25d, cms_rows, code, modifier):
    row = cms_rows[(code, modifier)]
    answer = answerer_25d.answer(f"what is {code}{'-' + modifier if modifier else ''}", release="RVU25D")
    facts = answer.facts[code]
    assert facts["release"] == "RVU25D"
    assert facts["modifier"] == modifier
    assert facts["status"] == row["STATUS CODE"]
    assert facts["work_rvu"] == float(row["WORK RVU"])
    assert facts["pe_rvu_nonfacility"] == float(row["NON-FAC PE RVU"])
    assert facts["pe_rvu_facility"] == float(row["FACILITY PE RVU"])
    assert facts["mp_rvu"] == float(row["MP RVU"])
    assert facts["total_rvu_nonfacility"] == float(row["NON-FACILITY TOTAL"])
    assert facts["total_rvu_facility"] == float(row["FACILITY TOTAL"])
    assert facts["global_days"] == row["GLOB DAYS"]
    cf = Decimal(row["CONV FACTOR"])
    assert facts["conversion_factor"] == float(cf)
    if row["STATUS CODE"] in PAYABLE:
        expected_nf = None if row["NON-FAC NA INDICATOR"] == "NA" else _cents(Decimal(row["NON-FACILITY TOTAL"]) * cf)
        expected_f = None if row["FACILITY NA INDICATOR"] == "NA" else _cents(Decimal(row["FACILITY TOTAL"]) * cf)
        assert facts["payment_nonfacility"] == expected_nf
        assert facts["payment_facility"] == expected_f
    else:
        assert facts["payment_nonfacility"] is None and facts["payment_facility"] is None
        assert "fee schedule" in facts["status_text"].lower() or "not" in facts["status_text"].lower()


def test_96406_known_figures(answerer_25d):
    facts = answerer_25d.answer("what is 96406", release="RVU25D").facts["96406"]
    assert (facts["work_rvu"], facts["total_rvu_nonfacility"], facts["total_rvu_facility"]) == (0.80, 3.77, 1.32)
    assert (facts["payment_nonfacility"], facts["payment_facility"]) == (121.95, 42.70)


def test_status_x_lab_gets_words_not_zero_dollars(answerer_25d):
    from bot.render import render_text

    text = render_text(answerer_25d.answer("how much does medicare pay for 85025", release="RVU25D"))
    assert "$0.00" not in text
    assert "Clinical Laboratory Fee Schedule" in text


def test_category_percentile_is_computed_from_the_file(answerer_25d, cms_rows):
    facts = answerer_25d.answer("what is 99214", release="RVU25D").facts["99214"]
    em = sorted(Decimal(r["WORK RVU"]) for (code, mod), r in cms_rows.items()
                if not mod and code.isdigit() and "99202" <= code <= "99499" and r["STATUS CODE"] in PAYABLE)
    work = Decimal(cms_rows[("99214", "")]["WORK RVU"])
    assert facts["category"]["codes"] == len(em)
    assert facts["category"]["max_work_rvu"] == float(em[-1])
    assert facts["category"]["percentile"] == round(100 * sum(1 for w in em if w <= work) / len(em))
