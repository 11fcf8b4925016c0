"""Locality pricing against figures computed here, independently, from the CMS GPCI, PPRRVU and ZIP5 files."""
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.cms_files import read_gpci_csv, read_pprrvu_csv, read_zip5

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CF_2025 = Decimal("32.3465")
CODES = ("99213", "99214", "27447", "20610", "11102", "70450", "45380", "97110", "66984", "73560", "92134", "93306")
# (how the question names the place, the locality CMS means: MAC, locality number)
PLACES = (
    ("manhattan", ("13202", "01")),
    ("rest of California", ("01112", "75")),
    ("Houston, TX", ("04412", "18")),
    ("Alaska", ("02102", "01")),
    ("Boston", ("14212", "01")),
    ("zip 60614", ("06102", "16")),  # Chicago
    ("13282-99", ("13282", "99")),  # rest of New York, by MAC-locality id
)


@pytest.fixture(scope="module")
def gpcis(rvu25d_dir):
    return {(r["mac"], r["locality"]): r for r in read_gpci_csv(rvu25d_dir / "GPCI2025.csv")}


@pytest.fixture(scope="module")
def pprrvu(rvu25d_dir):
    return {(r["HCPCS"], r["MOD"]): r for r in read_pprrvu_csv(rvu25d_dir / "PPRRVU2025_Oct.csv")}


@pytest.fixture(scope="module")
def zips(rvu25d_dir):
    return read_zip5(rvu25d_dir / "ZIP5_OCT2025.txt")


def expected(row, gpci, setting):
    """(work × GPCIw + PE × GPCIpe + MP × GPCImp) × CF, to the cent; None where CMS says NA."""
    pe_column, na_column = {"nonfacility": ("NON-FAC PE RVU", "NON-FAC NA INDICATOR"),
                            "facility": ("FACILITY PE RVU", "FACILITY NA INDICATOR")}[setting]
    if row[na_column] == "NA":
        return None
    total = (Decimal(row["WORK RVU"]) * Decimal(gpci["work"]) + Decimal(row[pe_column]) * Decimal(gpci["pe"])
             + Decimal(row["MP RVU"]) * Decimal(gpci["mp"]))
    return float((total * Decimal(row["CONV FACTOR"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("place,locality", PLACES, ids=[p for p, _ in PLACES])
def test_locality_payments_match_the_gpci_file(answerer_25d, gpcis, pprrvu, place, locality):
    gpci = gpcis[locality]
    for code in CODES:
        answer = answerer_25d.answer(f"how much does {code} pay in {place}", release="RVU25D")
        assert answer.intent == "payment", (code, place)
        loc = answer.facts[code]["locality"]
        row = pprrvu[(code, "")]
        assert loc["id"] == f"{locality[0]}-{locality[1]}", (code, place)
        assert loc["gpci"] == {"work": float(gpci["work"]), "pe": float(gpci["pe"]), "mp": float(gpci["mp"])}
        assert loc["payment_nonfacility"] == expected(row, gpci, "nonfacility"), (code, place)
        assert loc["payment_facility"] == expected(row, gpci, "facility"), (code, place)
        assert loc["conversion_factor"] == float(CF_2025)
        assert loc["gpci_release"] == "RVU25D" and not loc["gpci_older"]


def test_component_rows_are_priced_from_their_own_row(answerer_25d, gpcis, pprrvu):
    gpci = gpcis[("13202", "01")]
    for modifier in ("26", "TC"):
        answer = answerer_25d.answer(f"how much does 93306-{modifier} pay in manhattan", release="RVU25D")
        loc = answer.facts["93306"]["locality"]
        assert loc["payment_nonfacility"] == expected(pprrvu[("93306", modifier)], gpci, "nonfacility")
        assert loc["payment_facility"] == expected(pprrvu[("93306", modifier)], gpci, "facility")


def test_answer_shows_the_arithmetic_and_both_settings(answerer_25d):
    from bot.render import render_text

    answer = answerer_25d.answer("how much does 99214 pay in manhattan", release="RVU25D")
    text = render_text(answer)
    assert "Medicare payment in MANHATTAN, NY" in text
    assert "work 1.065 · PE 1.166 · MP 1.656" in text
    assert "work 1.92 × 1.065 + PE 1.80 × 1.166 + MP 0.15 × 1.656" in text
    assert "non-facility" in text and "facility applies in a hospital" in text


def test_state_lists_each_locality_with_its_figures(answerer_25d, gpcis, pprrvu):
    texas = {key: g for key, g in gpcis.items() if g["state"] == "TX"}
    for asked in ("Texas", "TX"):
        answer = answerer_25d.answer(f"93306-26 in {asked}", release="RVU25D")
        loc = answer.facts["93306"]["locality"]
        assert loc["kind"] == "state" and loc["problem"] == ""
        listed = {(entry["mac"], entry["locality_number"]): entry for entry in loc["localities"]}
        assert set(listed) == set(texas)
        for key, entry in listed.items():
            assert entry["payment_nonfacility"] == expected(pprrvu[("93306", "26")], texas[key], "nonfacility")
    from bot.render import render_text

    text = render_text(answerer_25d.answer("93306-26 in Texas", release="RVU25D"))
    assert "Texas has 8 Medicare localities" in text and "HOUSTON, TX (04412-18)" in text


def test_state_includes_localities_shared_with_a_neighbour(answerer_25d):
    loc = answerer_25d.answer("how much does 99214 pay in Maryland", release="RVU25D").facts["99214"]["locality"]
    assert [entry["id"] for entry in loc["localities"]] == ["12302-01", "12302-99", "12202-01"]


def test_zip_lookups_match_the_zip5_file(answerer_25d, zips):
    from intents.locality import load_book

    book = load_book(answerer_25d.catalog.engine, "RVU25D")
    sample = [z for z in zips[::997] if not z["plus_four"]]
    assert len(sample) > 30
    for z in sample:
        place = book.resolve(z["zip"])
        assert place.problem == "", z
        assert [loc.id for loc in place.localities] == [f"{z['mac']}-{z['locality']}"], z


def test_zip_in_a_question_prices_its_locality(answerer_25d, zips, gpcis, pprrvu):
    record = next(z for z in zips if z["zip"] == "77030")  # Houston Medical Center
    loc = answerer_25d.answer("/rvu pay 27447 zip 77030", release="RVU25D").facts["27447"]["locality"]
    assert loc["id"] == f"{record['mac']}-{record['locality']}"
    assert loc["zip"]["zip"] == "77030"
    assert loc["payment_facility"] == expected(pprrvu[("27447", "")], gpcis[(record["mac"], record["locality"])], "facility")
    assert loc["payment_nonfacility"] is None  # 27447 is NA outside a facility


def test_unknown_zip_offers_the_nearest_zips_of_its_area(answerer_25d, zips):
    known = {z["zip"] for z in zips}
    missing = next(f"{n:05d}" for n in range(10001, 10300) if f"{n:05d}" not in known)
    same_area = sorted((z for z in known if z[:3] == missing[:3]), key=lambda z: (abs(int(z) - int(missing)), z))[:5]
    answer = answerer_25d.answer(f"how much does 99214 pay in zip {missing}", release="RVU25D")
    loc = answer.facts["99214"]["locality"]
    assert loc["problem"] == "unknown_zip"
    assert loc["candidates"] == sorted(same_area)
    from bot.render import render_text

    text = render_text(answer)
    assert f"ZIP {missing} is not in the CMS ZIP file" in text and same_area[0] in text
    assert "$125.18" in text  # the national figure still stands


def test_zip_split_across_localities_lists_the_candidates(answerer_25d, zips):
    split = next(z for z in zips if z["plus_four"] and not z["rural"] and z["zip"] == "93013")
    answer = answerer_25d.answer("how much does 99214 pay in zip 93013", release="RVU25D")
    loc = answer.facts["99214"]["locality"]
    assert loc["problem"] == "zip_split"
    ids = [entry["id"] for entry in loc["localities"]]
    assert ids[0] == f"{split['mac']}-{split['locality']}"
    neighbours = {f"{z['mac']}-{z['locality']}" for z in zips if z["zip"][:3] == "930"}
    assert len(ids) > 1 and set(ids) <= neighbours
    assert all(entry["payment_nonfacility"] for entry in loc["localities"])
    from bot.render import render_text

    assert "ZIP 93013 crosses locality lines" in render_text(answer)


def test_name_matching_several_localities_lists_them(answerer_25d):
    loc = answerer_25d.answer("how much does 99214 pay in San Jose", release="RVU25D").facts["99214"]["locality"]
    assert loc["problem"] == "several"
    assert sorted(entry["id"] for entry in loc["localities"]) == ["01112-09", "01112-65"]


def test_unknown_place_says_so_and_keeps_national_figures(answerer_25d):
    from bot.render import render_text

    answer = answerer_25d.answer("how much does 99214 pay in Gotham", release="RVU25D")
    loc = answer.facts["99214"]["locality"]
    assert loc["problem"] == "unknown" and loc["localities"] == []
    assert "no medicare locality matches “gotham”" in render_text(answer).lower()
    misspelt = answerer_25d.answer("how much does 99214 pay in Manhatan", release="RVU25D").facts["99214"]["locality"]
    assert misspelt["id"] == "13202-01"


def test_words_after_for_that_name_no_place_are_ignored(answerer_25d):
    answer = answerer_25d.answer("how much does 99214 pay for a new patient", release="RVU25D")
    assert "locality" not in answer.facts["99214"]


def test_default_locality_applies_until_the_question_names_another(answerer_25d):
    by_default = answerer_25d.answer("how much does 99214 pay", release="RVU25D", zip_code="10001")
    assert by_default.facts["99214"]["locality"]["id"] == "13202-01"
    assert by_default.facts["99214"]["locality"]["source"] == "default"
    named = answerer_25d.answer("how much does 99214 pay in Houston, TX", release="RVU25D", locality="10001")
    assert named.facts["99214"]["locality"]["id"] == "04412-18"
    by_name = answerer_25d.answer("how much does 99214 pay", release="RVU25D", locality="rest of new york")
    assert by_name.facts["99214"]["locality"]["id"] == "13282-99"
    off = answerer_25d.answer("how much does 99214 pay", release="RVU25D", locality="off")
    assert "locality" not in off.facts["99214"]


def test_non_payable_code_gets_no_local_amount(answerer_25d):
    answer = answerer_25d.answer("how much does 80053 pay in manhattan", release="RVU25D")
    loc = answer.facts["80053"]["locality"]
    assert loc["payable"] is False
    assert loc["payment_nonfacility"] is None and loc["payment_facility"] is None


def test_cli_json_gives_the_facts_used(imported_engine, gpcis, pprrvu, tmp_path):
    env = dict(os.environ, DATABASE_URL=str(imported_engine.url), RVUBOT_DATA=str(tmp_path))
    env.pop("RVUBOT_RELEASE", None)
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "how much does 99214 pay in manhattan"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["intent"] == "payment" and answer["codes"] == ["99214"]
    loc = answer["facts"]["99214"]["locality"]
    gpci = gpcis[("13202", "01")]
    assert loc["name"] == "MANHATTAN" and loc["id"] == "13202-01"
    assert loc["gpci"] == {"work": float(gpci["work"]), "pe": float(gpci["pe"]), "mp": float(gpci["mp"])}
    assert loc["conversion_factor"] == float(CF_2025)
    assert loc["payment_nonfacility"] == expected(pprrvu[("99214", "")], gpci, "nonfacility")
    assert loc["payment_facility"] == expected(pprrvu[("99214", "")], gpci, "facility")
    assert f"${loc['payment_nonfacility']:,.2f}" in answer["text"]


def test_cli_zip_flag_sets_the_locality(imported_engine, tmp_path):
    env = dict(os.environ, DATABASE_URL=str(imported_engine.url), RVUBOT_DATA=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "--zip", "77030", "how much does 99214 pay"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["facts"]["99214"]["locality"]["id"] == "04412-18"


def test_a_default_locality_can_be_checked_before_it_is_stored(answerer_25d):
    from intents.payment_context import PaymentContext

    context = next(e for e in answerer_25d.extensions if isinstance(e, PaymentContext))
    assert context.resolve(answerer_25d.catalog, "10001").single.name == "MANHATTAN"
    assert context.resolve(answerer_25d.catalog, "Gotham").problem == "unknown"
