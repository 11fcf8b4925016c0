"""Loading our curated knowledge base, specialty list and abbreviation dictionary from data/."""
from __future__ import annotations

from pathlib import Path

import yaml

from intents.models import Knowledge

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# libyaml's loader is ten times faster than the pure-Python one; start-up time depends on it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=_LOADER)


def load_knowledge(data_dir: Path = DATA_DIR) -> dict[str, Knowledge]:
    entries: dict[str, Knowledge] = {}
    for path in sorted((data_dir / "knowledge").glob("*.yaml")):
        for e in load_yaml(path.read_text(encoding="utf-8")) or []:
            entries[e["code"]] = Knowledge(
                code=e["code"], title=e["title"].strip(), plain=e["plain"].strip(),
                when_used=e["when_used"].strip(), doc_tip=e["doc_tip"].strip(),
                synonyms=tuple(e.get("synonyms") or ()), lay_terms=tuple(e.get("lay_terms") or ()),
                abbreviations=tuple(e.get("abbreviations") or ()),
                specialties=tuple(e.get("specialties") or ()),
            )
    return entries


def load_specialties(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Every way of naming a specialty (lowercase) -> its canonical name."""
    names: dict[str, str] = {}
    for entry in load_yaml((data_dir / "specialties.yaml").read_text(encoding="utf-8")):
        names[entry["name"].lower()] = entry["name"]
        for alias in entry.get("aliases") or ():
            names.setdefault(str(alias).lower(), entry["name"])
    return names


def load_abbreviations(data_dir: Path = DATA_DIR) -> tuple[dict[str, str], dict[str, str]]:
    """(shorthand token -> expansion, lay phrase -> clinical words), all lowercase."""
    path = data_dir / "abbreviations.yaml"
    if not path.exists():
        return {}, {}
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    shorthand = {str(k).lower(): str(v).lower() for k, v in (raw.get("shorthand") or {}).items()}
    lay = {str(k).lower(): str(v).lower() for k, v in (raw.get("lay_terms") or {}).items()}
    return shorthand, lay
