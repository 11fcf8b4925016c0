"""Small PPRRVU files made up for tests that must run anywhere (no CMS or AMA text in them).

The layout copies the CMS one (preamble, five header lines, 31 columns for 2025 and 32 with
PRIC IND for 2026); codes are real-looking, descriptions and figures are invented.
"""
from __future__ import annotations

HEADER_2025 = [
    ",,2025 National Physician Fee Schedule Relative Value File October Release" + "," * 28,
    ",,Synthetic test file: descriptions are invented" + "," * 28,
    ",,RELEASED 09/11/2025" + "," * 28,
    ",, , ,,,,,,,,,,,,,,,,,,,,,,,,,NON-FACILITY,FACILITY,",
    ",,,,NOT USED,,,,,,,,,,,,,,,,,,,,,PHYSICIAN,,DIAGNOSTIC,PE USED,PE USED,MP USED",
    ",,,,FOR,,,NON-FAC,,FACILITY ,,,,,,,,,,,,,,,,SUPERVISION OF,,IMAGING,FOR OPPS,FOR OPPS,FOR OPPS",
    ",,,STATUS,MEDICARE ,WORK,NON-FAC,NA,FACILITY,NA,MP,NON-FACILITY,FACILITY,PCTC,GLOB,PRE,INTRA,POST,MULT,BILAT,ASST,CO-,TEAM,ENDO,CONV,DIAGNOSTIC,CALCULATION,FAMILY,PAYMENT,PAYMENT,PAYMENT",
    "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,AMOUNT,AMOUNT",
]

# code, mod, description, status, work, pe_nf, pe_f, mp, glob, pctc
ROWS = [
    ("99214", "", "Made-up office visit", "A", "1.92", "1.80", "0.83", "0.15", "XXX", "0"),
    ("96406", "", "Made-up lesion injection", "A", "0.80", "2.93", "0.48", "0.04", "000", "0"),
    ("93306", "", "Made-up heart ultrasound", "A", "1.46", "4.28", "4.28", "0.07", "XXX", "1"),
    ("93306", "26", "Made-up heart ultrasound", "A", "1.46", "0.52", "0.52", "0.04", "XXX", "1"),
    ("93306", "TC", "Made-up heart ultrasound", "A", "0.00", "3.76", "3.76", "0.03", "XXX", "1"),
    ("85025", "", "Made-up blood count", "X", "0.00", "0.00", "0.00", "0.00", "XXX", "9"),
    ("27447", "", "Made-up knee replacement", "A", "19.60", "0.00", "12.00", "4.00", "090", "0"),
]
CF = "32.3465"


def row_line(code, mod, desc, status, work, pe_nf, pe_f, mp, glob, pctc, cf=CF, extra_cells=0):
    from decimal import Decimal

    tot_nf = Decimal(work) + Decimal(pe_nf) + Decimal(mp)
    tot_f = Decimal(work) + Decimal(pe_f) + Decimal(mp)
    cells = [code, mod, desc, status, "", work, pe_nf, "", pe_f, "", mp, str(tot_nf), str(tot_f), pctc, glob,
             "0.00", "0.00", "0.00", "2", "0", "1", "0", "0"] + [""] * extra_cells + ["", cf, "09", "0", "99", "0.00", "0.00", "0.00"]
    return ",".join(cells)


def pprrvu_2025(rows=ROWS) -> str:
    return "\r\n".join(HEADER_2025 + [row_line(*r) for r in rows]) + "\r\n"


def pprrvu_2026(rows=ROWS) -> str:
    header = [line.replace("2025 National", "2026 National").replace("October", "January") for line in HEADER_2025]
    # The 2026 layout inserts PRIC IND between TEAM SURG and ENDO BASE (column 24).
    for i in range(3, len(header)):
        cells = header[i].split(",")
        cells.insert(23, {len(header) - 2: "PRIC", len(header) - 1: "IND"}.get(i, ""))
        header[i] = ",".join(cells)
    lines = []
    for r in rows:
        cells = row_line(*r, cf="33.4009").split(",")
        cells.insert(23, "0")
        lines.append(",".join(cells))
    return "\n".join(header + lines) + "\n"
