"""Independent access to the official CMS files for tests.

Deliberately does not import the project's importer: figures the tests assert are read here
with the standard csv module so that a bug in the importer cannot hide behind itself.
"""
import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir():
    configured = os.environ.get("RVUBOT_SHARED")
    candidates = [Path(configured)] if configured else [ROOT.parent / "shared"]
    for path in candidates:
        if (path / "cms").is_dir():
            return path
    return None


def cms_path(relative):
    base = shared_dir()
    if base is None:
        return None
    path = base / "cms" / relative
    return path if path.exists() else None


def read_pprrvu_csv(path):
    """Yield dict rows keyed by the last header line (the one starting with HCPCS)."""
    with open(path, newline="", encoding="latin-1") as fh:
        rows = csv.reader(fh)
        header = None
        for row in rows:
            if header is None:
                if row and row[0].strip() == "HCPCS":
                    header = _header_names(path)
                continue
            if row and row[0].strip():
                yield dict(zip(header, (c.strip() for c in row)))


def _header_names(path):
    """Join the multi-line CMS header into one name per column (e.g. 'WORK RVU', 'MOD')."""
    with open(path, newline="", encoding="latin-1") as fh:
        lines = []
        for row in csv.reader(fh):
            lines.append(row)
            if row and row[0].strip() == "HCPCS":
                break
    width = len(lines[-1])
    block = [r + [""] * (width - len(r)) for r in lines if not (r[:2] == ["", ""] and r[2].strip() and not any(c.strip() for c in r[3:]))]
    names = []
    for col in range(width):
        parts = [r[col].strip() for r in block if r[col].strip()]
        names.append(" ".join(parts))
    names[0], names[1], names[2] = "HCPCS", "MOD", "DESCRIPTION"
    return names


def read_gpci_csv(path):
    """GPCI rows as dicts {mac, state, locality, name, work, pe, mp} (strings as printed; rows
    after the header whose first cell is a contractor number; duplicates kept as in the file)."""
    rows = []
    with open(path, newline="", encoding="latin-1") as fh:
        seen_header = False
        for row in csv.reader(fh):
            if not seen_header:
                seen_header = any("PW GPCI" in c.upper() for c in row)
                continue
            if len(row) >= 7 and row[0].strip().isdigit():
                mac, state, locality, name, work, pe, mp = (c.strip() for c in row[:7])
                rows.append({"mac": mac, "state": state, "locality": locality, "name": name,
                             "work": work, "pe": pe, "mp": mp})
    return rows


def read_zip5(path):
    """ZIP5 records by the layout in ZIP5lyout.txt: state 1-2, ZIP 3-7, carrier 8-12, locality 13-14,
    rural 15, plus-four flag 21."""
    rows = []
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            if len(line) >= 21 and line[2:7].isdigit():
                rows.append({"state": line[0:2], "zip": line[2:7], "mac": line[7:12], "locality": line[12:14],
                             "rural": line[14].strip(), "plus_four": line[20] == "1"})
    return rows
