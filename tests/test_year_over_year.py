"""Year over year with RVU25D and RVU26A imported; 2026 locality prices with the 2025 GPCIs."""
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.cms_files import read_gpci_csv, read_pprrvu_csv

CF_2025, CF_2026, QP_2026 = Decimal("32.3465"), Decimal("33.4009"), Decimal("33.5675")


@pytest.fixture(scope="module")
def both(tmp_path_factory, rvu25d_dir, rvu26a_dir):
    from intents.answer import build_answerer
    from intents.importer.bundle import import_bundle
    from intents.storage import open_engine

    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('yoy') / 'both.db'}")
    import_bundle(engine, rvu25d_dir)
    import_bundle(engine, rvu26a_dir)
    return build_answerer(engine)


@pytest.fixture(scope="module")
def rows(rvu25d_dir, rvu26a_dir):
    old = {(r["HCPCS"], r["MOD"]): r for r in read_pprrvu_csv(rvu25d_dir / "PPRRVU2025_Oct.csv")}
    new = {(r["HCPCS"], r["MOD"]): r for r in read_pprrvu_csv(next(rvu26a_dir.glob("PPRRVU*.csv")))}
    return old, new


@pytest.fixture(scope="module")
def manhattan(rvu25d_dir):
    return next(g for g in read_gpci_csv(rvu25d_dir / "GPCI2025.csv") if g["name"] == "MANHATTAN")


def cents(value):
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(old, new):
    return float(((new - old) / old * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def local_total(row, gpci, pe_column):
    return (Decimal(row["WORK RVU"]) * Decimal(gpci["work"]) + Decimal(row[pe_column]) * Decimal(gpci["pe"])
            + Decimal(row["MP RVU"]) * Decimal(gpci["mp"]))


@pytest.mark.parametrize("code", ["99214", "27447", "96406", "93306"])
def test_each_component_and_payment_old_to_new(both, rows, code):
    old, new = rows[0][(code, "")], rows[1][(code, "")]
    answer = both.answer(f"what changed for {code} from 2025 to 2026")
    assert answer.intent == "compare"
    yoy = answer.facts[code]["year_over_year"]
    assert yoy["available"] and (yoy["from"]["release"], yoy["to"]["release"]) == ("RVU25D", "RVU26A")
    changes = yoy["changes"]
    for name, column in (("work_rvu", "WORK RVU"), ("mp_rvu", "MP RVU"), ("total_rvu_nonfacility", "NON-FACILITY TOTAL")):
        if name == "total_rvu_nonfacility" and new["NON-FAC NA INDICATOR"] == "NA":
            assert changes[name]["new"] is None
            continue
        assert (changes[name]["old"], changes[name]["new"]) == (float(old[column]), float(new[column])), name
        if Decimal(old[column]):
            assert changes[name]["percent"] == percent(Decimal(old[column]), Decimal(new[column])), name
    assert (changes["conversion_factor"]["old"], changes["conversion_factor"]["new"]) == (float(CF_2025), float(CF_2026))
    for setting, total, na in (("nonfacility", "NON-FACILITY TOTAL", "NON-FAC NA INDICATOR"),
                               ("facility", "FACILITY TOTAL", "FACILITY NA INDICATOR")):
        change = changes[f"payment_{setting}"]
        if new[na] == "NA":
            assert change["new"] is None, setting  # CMS prices no amount in that setting
            continue
        old_pay = Decimal(str(cents(Decimal(old[total]) * CF_2025)))
        new_pay = Decimal(str(cents(Decimal(new[total]) * CF_2026)))
        assert (change["old"], change["new"]) == (float(old_pay), float(new_pay)), setting
        assert change["percent"] == percent(old_pay, new_pay), setting
        assert yoy["to"][f"qp_payment_{setting}"] == cents(Decimal(new[total]) * QP_2026)
    assert yoy["to"]["qp_conversion_factor"] == float(QP_2026)


def test_text_shows_old_arrow_new_with_percent(both):
    from bot.render import render_text

    text = render_text(both.answer("what changed for 99214 from 2025 to 2026"))
    assert "What changed, RVU25D → RVU26A (2025 → 2026)" in text
    assert "Work RVU: 1.92 → 1.92 (no change)" in text
    assert "Total RVUs, non-facility: 3.87 → 4.06 (+4.9%)" in text
    assert "Conversion factor: $32.3465 → $33.4009 (+3.3%)" in text
    assert "National payment, non-facility: $125.18 → $135.61 (+8.3%)" in text


def test_year_over_year_at_a_locality_uses_one_set_of_gpcis(both, rows, manhattan):
    old, new = rows[0][("99214", "")], rows[1][("99214", "")]
    yoy = both.answer("what changed for 99214 from 2025 to 2026 in manhattan").facts["99214"]["year_over_year"]
    local = yoy["locality"]
    assert local["id"] == "13202-01" and local["gpci_release"] == "RVU25D"
    assert local["payment_nonfacility"]["old"] == cents(local_total(old, manhattan, "NON-FAC PE RVU") * CF_2025)
    assert local["payment_nonfacility"]["new"] == cents(local_total(new, manhattan, "NON-FAC PE RVU") * CF_2026)


def test_without_years_the_previous_year_is_compared(both):
    yoy = both.answer("what changed for 20610 since last year").facts["20610"]["year_over_year"]
    assert (yoy["from"]["release"], yoy["to"]["release"]) == ("RVU25D", "RVU26A")


def test_a_year_not_loaded_is_said_plainly(both):
    from bot.render import render_text

    answer = both.answer("what changed for 99214 from 2024 to 2026")
    assert answer.facts["99214"]["year_over_year"]["available"] is False
    assert "No 2024 release of 99214 is loaded" in render_text(answer)


def test_2026_locality_prices_use_the_2025_gpcis_and_say_so(both, rows, manhattan):
    from bot.render import render_text

    new = rows[1][("99214", "")]
    answer = both.answer("how much does 99214 pay in manhattan")
    loc = answer.facts["99214"]["locality"]
    assert answer.facts["99214"]["release"] == "RVU26A"
    assert (loc["rvu_release"], loc["gpci_release"], loc["gpci_older"]) == ("RVU26A", "RVU25D", True)
    assert loc["conversion_factor"] == float(CF_2026) and loc["qp_conversion_factor"] == float(QP_2026)
    assert loc["payment_nonfacility"] == cents(local_total(new, manhattan, "NON-FAC PE RVU") * CF_2026)
    assert loc["qp_payment_nonfacility"] == cents(local_total(new, manhattan, "NON-FAC PE RVU") * QP_2026)
    assert loc["payment_facility"] == cents(local_total(new, manhattan, "FACILITY PE RVU") * CF_2026)
    text = render_text(answer)
    assert "2026 RVUs priced with the 2025 GPCIs (RVU25D)" in text
    assert "QP rate" in text and "non-QP CF $33.4009" in text


def test_modifier_amounts_for_2026_show_both_rates(both, rows):
    knee = rows[1][("27447", "")]
    adjustment = both.answer("27447-50").facts["27447"]["modifier_adjustment"]
    assert adjustment["payment_facility"] == cents(Decimal(knee["FACILITY TOTAL"]) * CF_2026 * Decimal("1.5"))
    assert adjustment["qp_payment_facility"] == cents(Decimal(knee["FACILITY TOTAL"]) * QP_2026 * Decimal("1.5"))
