"""The locality files of an RVU bundle: GPCI, county crosswalk (LOCCO), ZIP5 and anesthesia CFs."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from intents.importer.errors import ImportFileError
from intents.importer.pprrvu import _text

GPCI_TXT = re.compile(r"^(\d{5})\s+([A-Z]{2})\s+(\d{1,2})\s+(.+?)\s+(\d*\.\d+|\d+)\s+(\d*\.\d+|\d+)\s+(\d*\.\d+|\d+)\s*$")


def _number(file: str, line: int, value: str, places: str = "0.001") -> str:
    try:
        return str(Decimal(value.strip()).quantize(Decimal(places)))
    except InvalidOperation:
        raise ImportFileError(file, f"not a number: {value!r}", line) from None


def _csv_rows(file: str, data: bytes):
    reader = csv.reader(io.StringIO(_text(file, data), newline=""))
    try:
        for row in reader:
            yield reader.line_num, [c.strip() for c in row]
    except csv.Error as exc:
        raise ImportFileError(file, f"malformed CSV: {exc}", reader.line_num) from exc


def read_gpci(file: str, data: bytes) -> list[dict]:
    """Rows {mac, state, locality, name, work, pe, mp}; .csv by header names, .txt by shape."""
    rows = []
    if file.lower().endswith(".csv"):
        columns = None
        for line, row in _csv_rows(file, data):
            upper = [c.upper() for c in row]
            if columns is None:
                if any("PW GPCI" in c for c in upper):
                    columns = {
                        "mac": _find(file, line, upper, "CONTRACTOR"),
                        "state": _find(file, line, upper, "STATE"),
                        "locality": _find(file, line, upper, "LOCALITY NUMBER"),
                        "name": _find(file, line, upper, "LOCALITY NAME"),
                        "work": _find(file, line, upper, "PW GPCI"),
                        "pe": _find(file, line, upper, "PE GPCI"),
                        "mp": _find(file, line, upper, "MP GPCI"),
                    }
                continue
            if len(row) <= max(columns.values()) or not row[columns["mac"]].isdigit():
                continue  # footnotes and blank lines
            rows.append(_gpci_row(file, line, *(row[columns[k]] for k in ("mac", "state", "locality", "name", "work", "pe", "mp"))))
        if columns is None:
            raise ImportFileError(file, "no GPCI header (a column named '... PW GPCI')")
    else:
        for line, text in enumerate(_text(file, data).splitlines(), start=1):
            match = GPCI_TXT.match(text.strip())
            if match:
                rows.append(_gpci_row(file, line, *match.groups()))
    if not rows:
        raise ImportFileError(file, "no GPCI rows found")
    return rows


def _find(file, line, header, needle):
    for i, name in enumerate(header):
        if needle in name:
            return i
    raise ImportFileError(file, f"missing column {needle!r}", line)


def _gpci_row(file, line, mac, state, locality, name, work, pe, mp):
    return {
        "mac": mac.zfill(5), "state": state.upper(), "locality": locality.zfill(2),
        "name": name.strip(), "work": _number(file, line, work), "pe": _number(file, line, pe),
        "mp": _number(file, line, mp),
    }


def read_counties(file: str, data: bytes) -> list[dict]:
    """The LOCCO crosswalk (csv): {mac, locality, state, area, counties}; state carried down."""
    rows, state, header_seen = [], "", False
    for line, row in _csv_rows(file, data):
        if not header_seen:
            header_seen = bool(row) and "LOCALITY" in " ".join(row).upper() and "COUNTIES" in " ".join(row).upper()
            continue
        if len(row) < 5 or not row[0].isdigit():
            continue
        state = row[2] or state
        rows.append({"mac": row[0].zfill(5), "locality": row[1].zfill(2), "state": state.strip(),
                     "area": row[3].strip(), "counties": row[4].strip()})
    if not rows:
        raise ImportFileError(file, "no locality/county rows found")
    return rows


def read_zip5(file: str, data: bytes) -> list[dict]:
    """ZIP5 (fixed width per ZIP5lyout.txt): state 1-2, zip 3-7, carrier 8-12, locality 13-14,
    rural 15, plus-four flag 21."""
    rows = []
    for line, text in enumerate(_text(file, data).splitlines(), start=1):
        if not text.strip():
            continue
        if len(text) < 21 or not text[2:7].isdigit():
            raise ImportFileError(file, "not a ZIP5 record (state, ZIP, carrier, locality)", line)
        rows.append({"state": text[0:2], "zip": text[2:7], "mac": text[7:12], "locality": text[12:14],
                     "rural": text[14].strip(), "plus_four": "1" if text[20] == "1" else ""})
    if not rows:
        raise ImportFileError(file, "no ZIP rows")
    return rows


def read_anesthesia(file: str, data: bytes) -> list[dict]:
    rows = []
    for line, row in _csv_rows(file, data):
        if len(row) >= 4 and row[0].isdigit():
            rows.append({"mac": row[0].zfill(5), "locality": row[1].zfill(2), "name": row[2],
                         "conversion_factor": _number(file, line, row[3], "0.01")})
    if not rows:
        raise ImportFileError(file, "no anesthesia conversion factor rows")
    return rows
