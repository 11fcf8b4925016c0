"""Every curated knowledge file must load, follow the schema, and stay in our own words."""
import re
from pathlib import Path

import pytest
import yaml

from tests.cms_files import cms_path, read_pprrvu_csv

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = sorted((DATA / "knowledge").glob("*.yaml"))
REQUIRED_TEXT = ("title", "plain", "when_used", "doc_tip")
LISTS = ("synonyms", "lay_terms", "abbreviations", "specialties")
CODE = re.compile(r"^[0-9A-Z]{4}[0-9A-Z]$")
SPECIALTIES = {s["name"] for s in yaml.safe_load((DATA / "specialties.yaml").read_text())}


def _entries():
    for path in FILES:
        for i, entry in enumerate(yaml.safe_load(path.read_text()) or []):
            yield path.name, i, entry


def test_there_is_knowledge():
    assert FILES, "no knowledge files"
    assert len(list(_entries())) >= 400


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_schema(path):
    entries = yaml.safe_load(path.read_text())
    assert isinstance(entries, list), f"{path.name}: top level must be a list"
    for i, e in enumerate(entries):
        where = f"{path.name}[{i}] {e.get('code')!r}"
        assert isinstance(e, dict), where
        unknown = set(e) - {"code", *REQUIRED_TEXT, *LISTS}
        assert not unknown, f"{where}: unknown keys {unknown}"
        assert isinstance(e.get("code"), str) and CODE.match(e["code"]), f"{where}: bad code"
        for key in REQUIRED_TEXT:
            assert isinstance(e.get(key), str) and e[key].strip(), f"{where}: {key} missing"
        assert len(e["title"]) <= 90, f"{where}: title too long"
        for key in LISTS:
            value = e.get(key, [])
            assert isinstance(value, list), f"{where}: {key} must be a list"
            assert all(isinstance(v, str) and v.strip() for v in value), f"{where}: {key}"
        assert e["specialties"], f"{where}: no specialties"
        bad = set(e["specialties"]) - SPECIALTIES
        assert not bad, f"{where}: specialties not in data/specialties.yaml: {bad}"


def test_codes_unique_across_files():
    seen = {}
    for name, i, e in _entries():
        assert e["code"] not in seen, f"{e['code']} in {name} and {seen[e['code']]}"
        seen[e["code"]] = name


@pytest.mark.skipif(cms_path("rvu25d") is None, reason="../shared/cms not available (set RVUBOT_SHARED)")
def test_codes_exist_and_text_is_our_own():
    """Every curated code is a real code, and no curated line repeats the CMS/AMA descriptor."""
    descriptors = {}
    for release in ("rvu25d/PPRRVU2025_Oct.csv", "rvu26a/PPRRVU2026_Jan_nonQPP.csv"):
        path = cms_path(release)
        if path:
            for row in read_pprrvu_csv(path):
                if not row["MOD"]:
                    descriptors[row["HCPCS"]] = row["DESCRIPTION"].strip().lower()
    for name, i, e in _entries():
        assert e["code"] in descriptors, f"{name}: {e['code']} is not in the CMS files"
        desc = descriptors[e["code"]]
        if len(desc) >= 12:
            for key in ("title", "plain", "when_used"):
                assert desc not in e[key].lower(), f"{name}: {e['code']} {key} copies the descriptor"
            for key in ("synonyms", "lay_terms", "abbreviations"):
                for v in e.get(key, []):
                    assert v.strip().lower() != desc, f"{name}: {e['code']} {key} copies the descriptor"
