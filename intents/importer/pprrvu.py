"""The PPRRVU file (RVUs and payment policy indicators) in its .csv, .xlsx and .txt forms.

Columns are found by their header names, never by position: the 2026 layout inserts
PRIC IND between TEAM SURG and ENDO BASE. The fixed-width .txt carries no header names,
so it is read by the record layout CMS documents in the bundle's RVUxx.pdf.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Iterable, Iterator

from intents.importer.errors import ImportFileError

MONTH_QUARTER = {"JAN": "A", "APR": "B", "JUL": "C", "OCT": "D"}

# Our field name -> the CMS header name(s) it goes by (joined multi-line header).
FIELDS = {
    "code": ("HCPCS",),
    "modifier": ("MOD",),
    "description": ("DESCRIPTION",),
    "status": ("STATUS CODE",),
    "work": ("WORK RVU",),
    "pe_nonfac": ("NON-FAC PE RVU",),
    "nonfac_na": ("NON-FAC NA INDICATOR",),
    "pe_fac": ("FACILITY PE RVU",),
    "fac_na": ("FACILITY NA INDICATOR",),
    "mp": ("MP RVU",),
    "total_nonfac": ("NON-FACILITY TOTAL",),
    "total_fac": ("FACILITY TOTAL",),
    "pctc": ("PCTC IND",),
    "global_days": ("GLOB DAYS",),
    "mult_proc": ("MULT PROC",),
    "bilat": ("BILAT SURG",),
    "asst": ("ASST SURG",),
    "co_surg": ("CO- SURG", "CO-SURG", "CO SURG"),
    "team": ("TEAM SURG",),
    "endo_base": ("ENDO BASE",),
    "conversion_factor": ("CONV FACTOR",),
    "supervision": ("PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",),
    "img_family": ("DIAGNOSTIC IMAGING FAMILY INDICATOR",),
}
REQUIRED = ("code", "modifier", "status", "work", "pe_nonfac", "pe_fac", "mp", "total_nonfac",
            "total_fac", "pctc", "global_days", "conversion_factor")
DECIMALS = ("work", "pe_nonfac", "pe_fac", "mp", "total_nonfac", "total_fac")
INDICATORS = ("pctc", "mult_proc", "bilat", "asst", "co_surg", "team")

# CMS record layout (RVUxxx.pdf), 1-based inclusive positions.
TXT_LAYOUT = {
    "code": (1, 5), "modifier": (6, 7), "description": (8, 57), "status": (58, 58),
    "work": (60, 65), "pe_nonfac": (67, 72), "nonfac_na": (73, 74), "pe_fac": (76, 81),
    "fac_na": (82, 83), "mp": (85, 89), "total_nonfac": (91, 96), "total_fac": (97, 102),
    "pctc": (103, 103), "global_days": (104, 106), "mult_proc": (116, 116),
    "bilat": (117, 117), "asst": (118, 118), "co_surg": (119, 119), "team": (120, 120),
    "endo_base": (128, 132), "conversion_factor": (133, 140), "supervision": (142, 143),
    "img_family": (146, 147),
}
TXT_MIN_LENGTH = 140


@dataclass
class PprrvuFile:
    """What one PPRRVU file holds: its release and its rows (dicts of strings)."""

    year: int
    quarter: str
    released: str
    conversion_factor: Decimal
    rows: list[dict]

    @property
    def release_name(self) -> str:
        return f"RVU{self.year % 100:02d}{self.quarter}"


def read_pprrvu(name: str, data: bytes, progress=None) -> PprrvuFile:
    """Parse a PPRRVU file from its bytes; `name` is its file name (for errors and the .txt)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        lines = _xlsx_lines(name, data)
    elif suffix == ".csv":
        lines = _csv_lines(name, data)
    elif suffix == ".txt":
        return _read_txt(name, data, progress)
    else:
        raise ImportFileError(name, "not a PPRRVU file type we read (.csv, .txt or .xlsx)")
    return _read_table(name, lines, progress)


def _text(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError(name, "this is a binary file, not the CSV/text PPRRVU file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # CMS files carry latin-1 characters


def _csv_lines(name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(_text(name, data), newline=""))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise ImportFileError(name, f"malformed CSV: {exc}", reader.line_num) from exc


def _xlsx_lines(name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # imported here: only .xlsx imports pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise ImportFileError(name, f"not a readable Excel workbook ({exc.__class__.__name__})") from exc
    sheet = book.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell(v) for v in values]
    book.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Excel stores 0.8 as a binary float; CMS publishes two decimals (four for the CF).
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _read_table(name: str, lines: Iterable[tuple[int, list[str]]], progress) -> PprrvuFile:
    preamble: list[list[str]] = []
    columns: dict[str, int] | None = None
    rows: list[dict] = []
    title = released = ""
    for number, row in lines:
        if columns is None:
            preamble.append(row)
            joined = " ".join(c for c in row if c).strip()
            if "Relative Value File" in joined and not title:
                title = joined
            if joined.upper().startswith("RELEASED"):
                released = joined.split(None, 1)[1] if " " in joined else ""
            if row and row[0].strip().upper() == "HCPCS":
                columns = _header_columns(name, number, preamble)
            elif len(preamble) > 40:
                raise ImportFileError(name, "no header row starting with HCPCS in the first 40 lines")
            continue
        if not any(c.strip() for c in row):
            continue
        rows.append(_row_from_cells(name, number, row, columns))
        if progress and len(rows) % 2000 == 0:
            progress(len(rows))
    if columns is None:
        raise ImportFileError(name, "no header row starting with HCPCS: is this a PPRRVU file?")
    if not rows:
        raise ImportFileError(name, "the file has a header but no rows")
    year, quarter = _release_from_title(name, title)
    return PprrvuFile(year, quarter, released, _single_cf(name, rows), rows)


def _header_columns(name: str, line: int, preamble: list[list[str]]) -> dict[str, int]:
    width = len(preamble[-1])
    # The header block is the run of lines just above HCPCS whose first two cells are blank.
    block = [preamble[-1]]
    for row in reversed(preamble[:-1]):
        if row[:2] != ["", ""] or (len(row) > 2 and row[2].strip()):
            break
        block.insert(0, row)
    names = {}
    for col in range(width):
        parts = [r[col].strip() for r in block if col < len(r) and r[col].strip()]
        names[" ".join(parts).upper()] = col
    columns = {}
    for field, aliases in FIELDS.items():
        for alias in aliases:
            if alias in names:
                columns[field] = names[alias]
                break
    missing = [FIELDS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise ImportFileError(name, f"missing column(s): {', '.join(missing)}", line)
    return columns


def _row_from_cells(name: str, number: int, cells: list[str], columns: dict[str, int]) -> dict:
    if len(cells) <= max(columns.values()):
        raise ImportFileError(name, f"row has {len(cells)} cells, expected {max(columns.values()) + 1} (truncated?)", number)
    raw = {field: cells[col].strip() for field, col in columns.items()}
    return _normalise(name, number, raw)


def _normalise(name: str, number: int, raw: dict) -> dict:
    row = {field: raw.get(field, "") for field in FIELDS}
    code = row["code"].upper()
    if code.isdigit() and len(code) < 5:
        code = code.zfill(5)  # Excel turns 00100 into the number 100
    if not re.fullmatch(r"[0-9A-Z]{5}", code):
        raise ImportFileError(name, f"bad HCPCS code {row['code']!r}", number)
    row["code"] = code
    row["modifier"] = row["modifier"].upper()
    for field in DECIMALS + ("conversion_factor",):
        value = row[field] or "0"
        try:
            number_value = Decimal(value)
        except InvalidOperation:
            raise ImportFileError(name, f"{field.replace('_', ' ')} is not a number: {value!r}", number) from None
        places = Decimal("0.0001") if field == "conversion_factor" else Decimal("0.01")
        row[field] = str(number_value.quantize(places))
    glob = row["global_days"]
    row["global_days"] = glob.zfill(3) if glob.isdigit() else glob.upper()
    for field in ("nonfac_na", "fac_na"):
        row[field] = "NA" if row[field].upper() == "NA" else ""
    for field in ("supervision", "img_family"):
        value = row[field]
        row[field] = value.zfill(2) if value.isdigit() else value
    if not row["status"]:
        raise ImportFileError(name, "status code is empty", number)
    return row


def _release_from_title(name: str, title: str) -> tuple[int, str]:
    match = re.search(r"(20\d\d).*?\b(January|April|July|October)\b", title, re.I)
    if match:
        return int(match.group(1)), MONTH_QUARTER[match.group(2)[:3].upper()]
    return _release_from_name(name)


def _release_from_name(name: str) -> tuple[int, str]:
    match = re.search(r"(20\d\d)_?(Jan|Apr|Jul|Oct)", PurePath(name).name, re.I)
    if not match:
        raise ImportFileError(name, "cannot tell the release year and quarter (no title line, and the file name does not say)")
    return int(match.group(1)), MONTH_QUARTER[match.group(2).upper()]


def _single_cf(name: str, rows: list[dict]) -> Decimal:
    factors = {r["conversion_factor"] for r in rows if Decimal(r["conversion_factor"]) > 0}
    if len(factors) != 1:
        raise ImportFileError(name, f"expected one conversion factor, found {sorted(factors) or 'none'}")
    return Decimal(factors.pop())


def _read_txt(name: str, data: bytes, progress) -> PprrvuFile:
    rows = []
    for number, line in enumerate(_text(name, data).splitlines(), start=1):
        if line.startswith("HDR") or not line.strip():
            continue
        if len(line) < TXT_MIN_LENGTH:
            raise ImportFileError(name, f"record is {len(line)} characters, expected at least {TXT_MIN_LENGTH} (truncated?)", number)
        raw = {field: line[a - 1:b].strip() for field, (a, b) in TXT_LAYOUT.items()}
        rows.append(_normalise(name, number, raw))
        if progress and len(rows) % 2000 == 0:
            progress(len(rows))
    if not rows:
        raise ImportFileError(name, "no data records")
    year, quarter = _release_from_name(name)
    return PprrvuFile(year, quarter, "", _single_cf(name, rows), rows)
