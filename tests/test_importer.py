"""The importer against synthetic files (runs anywhere) and the real RVU25D / RVU26A files."""
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from intents import storage
from intents.catalog import load_catalog
from intents.importer.bundle import import_bundle
from intents.importer.errors import ImportFileError
from intents.importer.pprrvu import read_pprrvu
from tests import synthetic
from tests.cms_files import read_pprrvu_csv


@pytest.fixture
def engine(tmp_path):
    return storage.open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    return path


def test_synthetic_2025_import_reads_release_from_the_file(engine, tmp_path):
    path = _write(tmp_path, "anything.csv", synthetic.pprrvu_2025())
    result = import_bundle(engine, path)
    assert (result.release, result.year, result.quarter) == ("RVU25D", 2025, "D")
    assert result.conversion_factor == "32.3465"
    assert result.rows == len(synthetic.ROWS)
    assert result.codes == 5
    catalog = load_catalog(engine)
    echo_tc = catalog.record("93306", "TC", "RVU25D")
    assert echo_tc.pe_nonfac == Decimal("3.76") and echo_tc.total_nonfac == Decimal("3.79")


def test_2026_layout_with_extra_column_is_read_by_header_names(engine, tmp_path):
    path = _write(tmp_path, "PPRRVU2026_Jan_nonQPP.csv", synthetic.pprrvu_2026())
    result = import_bundle(engine, path)
    assert result.release == "RVU26A"
    record = load_catalog(engine).record("96406", release="RVU26A")
    # Reading by position would shift ENDO BASE/CONV FACTOR; by name the CF is right.
    assert record.conversion_factor == Decimal("33.4009")
    assert record.work == Decimal("0.80") and record.global_days == "000"
    meta = storage.list_releases(engine)[0]
    assert meta["qp_conversion_factor"] == "33.5675"


def test_missing_column_is_named_and_nothing_is_stored(engine, tmp_path):
    text = synthetic.pprrvu_2025().replace("PHYSICIAN,,DIAGNOSTIC", "PHYSICIAN,,DIAGNOSTIC").replace(
        ",,,STATUS,MEDICARE ,WORK,", ",,,STATUS,MEDICARE ,LABOR,")
    path = _write(tmp_path, "PPRRVU2025_Oct.csv", text)
    with pytest.raises(ImportFileError, match=r"PPRRVU2025_Oct.csv.*missing column.*WORK RVU"):
        import_bundle(engine, path)
    assert storage.list_releases(engine) == []


def test_truncated_file_names_the_line_and_keeps_the_earlier_import(engine, tmp_path):
    good = _write(tmp_path, "PPRRVU2025_Oct.csv", synthetic.pprrvu_2025())
    import_bundle(engine, good)
    text = synthetic.pprrvu_2025()
    truncated = text[: text.index("Made-up knee") + 12]  # the last row stops mid-way
    bad = tmp_path / "bad"
    bad.mkdir()
    _write(bad, "PPRRVU2025_Oct.csv", truncated)
    with pytest.raises(ImportFileError, match=r"PPRRVU2025_Oct.csv, line 15: row has"):
        import_bundle(engine, bad)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(storage.rvu_rows)).scalar()
    assert count == len(synthetic.ROWS)


def test_non_number_cell_is_reported_with_its_line(engine, tmp_path):
    text = synthetic.pprrvu_2025().replace("1.92,1.80", "1.92,abc")
    path = _write(tmp_path, "PPRRVU2025_Oct.csv", text)
    with pytest.raises(ImportFileError, match=r"line 9: pe nonfac is not a number: 'abc'"):
        import_bundle(engine, path)


def test_zip_without_pprrvu_is_refused(engine, tmp_path):
    archive = tmp_path / "rvu.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("README.txt", "nothing here")
    with pytest.raises(ImportFileError, match="no PPRRVU file"):
        import_bundle(engine, archive)


def test_not_a_zip_is_refused(engine, tmp_path):
    path = _write(tmp_path, "rvu25d.zip", "this is not a zip")
    with pytest.raises(ImportFileError, match="not a readable zip"):
        import_bundle(engine, path)


def test_reimport_replaces_the_release(engine, tmp_path):
    path = _write(tmp_path, "PPRRVU2025_Oct.csv", synthetic.pprrvu_2025())
    assert import_bundle(engine, path).replaced is False
    assert import_bundle(engine, path).replaced is True
    assert len(storage.list_releases(engine)) == 1


def test_database_that_cannot_be_opened_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(storage.StorageError, match="cannot"):
        storage.open_engine(f"sqlite:///{blocker}/sub/db.sqlite")


# --- the real CMS files -------------------------------------------------------------------

def test_rvu25d_bundle_counts(imported_engine):
    meta = {m["name"]: m for m in storage.list_releases(imported_engine)}["RVU25D"]
    assert meta["row_count"] == 19090
    assert meta["code_count"] == 16851
    assert meta["conversion_factor"] == "32.3465"
    with imported_engine.connect() as conn:
        gpci_rows = conn.execute(select(func.count()).select_from(storage.gpci)).scalar()
        zips = conn.execute(select(func.count()).select_from(storage.zip_localities)).scalar()
    assert gpci_rows == 109
    assert zips == 42956


def test_csv_txt_and_xlsx_give_identical_rows(rvu25d_dir):
    parsed = {}
    for suffix in ("csv", "txt", "xlsx"):
        path = rvu25d_dir / f"PPRRVU2025_Oct.{suffix}"
        result = read_pprrvu(path.name, path.read_bytes())
        parsed[suffix] = {(r["code"], r["modifier"]): {k: v for k, v in r.items() if k != "description"}
                          for r in result.rows}
        assert result.release_name == "RVU25D"
    assert parsed["csv"] == parsed["txt"]
    assert parsed["csv"] == parsed["xlsx"]


def test_zip_bundle_imports_like_the_folder(rvu25d_dir, tmp_path):
    archive = tmp_path / "rvu25d.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("PPRRVU2025_Oct.csv", "GPCI2025.csv", "25LOCCO.csv", "ZIP5_OCT2025.txt", "ANES2025.csv"):
            zf.write(rvu25d_dir / name, f"RVU25D/{name}")
    engine = storage.open_engine(f"sqlite:///{tmp_path / 'z.db'}")
    result = import_bundle(engine, archive)
    assert result.release == "RVU25D" and result.codes == 16851
    assert result.counts["gpci"] == 109 and result.counts["zip5"] == 42956


def test_rvu26a_against_its_excerpt(rvu26a_dir, tmp_path):
    from tests.cms_files import cms_path

    engine = storage.open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    result = import_bundle(engine, rvu26a_dir)
    assert result.release == "RVU26A" and result.rows == 19226
    catalog = load_catalog(engine)
    excerpt = list(read_pprrvu_csv(cms_path("rvu26a_excerpt/PPRRVU2026_Jan_nonQPP_excerpt.csv")))
    assert len(excerpt) == 12
    for row in excerpt:
        record = catalog.record(row["HCPCS"], row["MOD"], "RVU26A")
        assert record is not None, row["HCPCS"]
        assert record.work == Decimal(row["WORK RVU"])
        assert record.pe_nonfac == Decimal(row["NON-FAC PE RVU"])
        assert record.pe_fac == Decimal(row["FACILITY PE RVU"])
        assert record.mp == Decimal(row["MP RVU"])
        assert record.total_nonfac == Decimal(row["NON-FACILITY TOTAL"])
        assert record.total_fac == Decimal(row["FACILITY TOTAL"])
        assert record.global_days == row["GLOB DAYS"]
        assert record.status == row["STATUS CODE"]
    chemo = catalog.record("96406", release="RVU26A")  # DESIGN §1 known 2026 facts
    assert (chemo.work, chemo.pe_nonfac, chemo.pe_fac, chemo.mp) == tuple(map(Decimal, ("0.80", "3.09", "0.26", "0.06")))
    assert (chemo.total_nonfac, chemo.total_fac, chemo.global_days) == (Decimal("3.95"), Decimal("1.12"), "000")
