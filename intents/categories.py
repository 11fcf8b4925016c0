"""Which part of the code set a code belongs to: CPT section (surgery by body system) or HCPCS family."""
from __future__ import annotations

# (first, last, name) for five-digit numeric CPT codes, checked in order.
CPT_RANGES = (
    ("00100", "01999", "Anesthesia"),
    ("10004", "19499", "Surgery: integumentary system"),
    ("20100", "29999", "Surgery: musculoskeletal system"),
    ("30000", "32999", "Surgery: respiratory system"),
    ("33016", "37799", "Surgery: cardiovascular system"),
    ("38100", "38999", "Surgery: hemic and lymphatic systems"),
    ("39000", "39599", "Surgery: mediastinum and diaphragm"),
    ("40490", "49999", "Surgery: digestive system"),
    ("50010", "53899", "Surgery: urinary system"),
    ("54000", "55899", "Surgery: male genital system"),
    ("55920", "58999", "Surgery: female genital system"),
    ("59000", "59899", "Surgery: maternity care and delivery"),
    ("60000", "60699", "Surgery: endocrine system"),
    ("61000", "64999", "Surgery: nervous system"),
    ("65091", "68899", "Surgery: eye and ocular adnexa"),
    ("69000", "69979", "Surgery: auditory system"),
    ("69990", "69990", "Surgery: operating microscope"),
    ("70010", "79999", "Radiology"),
    ("80047", "89398", "Pathology and laboratory"),
    ("99202", "99499", "Evaluation and management"),
    ("90281", "99607", "Medicine"),
)

HCPCS_FAMILIES = {
    "A": "HCPCS A: transport, supplies", "B": "HCPCS B: enteral and parenteral therapy",
    "C": "HCPCS C: outpatient PPS", "D": "HCPCS D: dental", "E": "HCPCS E: durable medical equipment",
    "G": "HCPCS G: temporary procedures and services", "H": "HCPCS H: behavioral health",
    "J": "HCPCS J: drugs", "K": "HCPCS K: DME contractor codes", "L": "HCPCS L: orthotics and prosthetics",
    "M": "HCPCS M: other medical services", "P": "HCPCS P: pathology and laboratory",
    "Q": "HCPCS Q: temporary codes", "R": "HCPCS R: diagnostic radiology", "S": "HCPCS S: private payer codes",
    "T": "HCPCS T: state Medicaid codes", "V": "HCPCS V: vision and hearing",
}


def category_of(code: str) -> str:
    if code.isdigit():
        for first, last, name in CPT_RANGES:
            if first <= code <= last:
                return name
        return "CPT (other)"
    if code.endswith("F"):
        return "CPT Category II (performance measures)"
    if code.endswith("T"):
        return "CPT Category III (emerging technology)"
    if code.endswith("U"):
        return "CPT proprietary laboratory analyses"
    return HCPCS_FAMILIES.get(code[0], f"HCPCS {code[0]}")
