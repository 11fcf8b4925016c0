"""Find the files of an RVU bundle (zip, folder or single PPRRVU file) and store a release."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from intents import storage
from intents.importer.errors import ImportFileError
from intents.importer.localities import read_anesthesia, read_counties, read_gpci, read_zip5
from intents.importer.pprrvu import read_pprrvu
from intents.reference import qp_conversion_factor

# (kind, pattern on the file name, preference order of suffixes)
KINDS = (
    ("pprrvu", re.compile(r"^PPRRVU.*\.(csv|txt|xlsx)$", re.I), (".csv", ".txt", ".xlsx")),
    ("gpci", re.compile(r"^GPCI.*\.(csv|txt)$", re.I), (".csv", ".txt")),
    ("counties", re.compile(r"LOCCO.*\.csv$", re.I), (".csv",)),
    ("zip5", re.compile(r"^ZIP5_.*\.txt$", re.I), (".txt",)),
    ("anesthesia", re.compile(r"^ANES.*\.csv$", re.I), (".csv",)),
)
BATCH = 5000

Progress = Callable[[str], None]


@dataclass
class ImportResult:
    release: str
    year: int
    quarter: str
    conversion_factor: str
    rows: int
    codes: int
    counts: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    replaced: bool = False


def collect_files(path: Path) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Map each kind to (file name, loader) for the best file of that kind under `path`."""
    if not path.exists():
        raise ImportFileError(str(path), "no such file or folder")
    candidates: list[tuple[str, Callable[[], bytes]]] = []
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.is_file():
                candidates.extend(_expand(file.name, file.read_bytes) if file.suffix.lower() == ".zip"
                                  else [(file.name, file.read_bytes)])
    elif path.suffix.lower() == ".zip":
        candidates = _expand(path.name, path.read_bytes)
    else:
        candidates = [(path.name, path.read_bytes)]
    chosen: dict[str, tuple[str, Callable[[], bytes]]] = {}
    for kind, pattern, order in KINDS:
        matches = [(n, load) for n, load in candidates if pattern.search(Path(n).name)]
        if matches:
            matches.sort(key=lambda m: order.index(Path(m[0]).suffix.lower()))
            chosen[kind] = matches[0]
    if "pprrvu" not in chosen:
        if path.is_file() and path.suffix.lower() in (".csv", ".txt", ".xlsx"):
            chosen["pprrvu"] = (path.name, path.read_bytes)  # a renamed PPRRVU file
        else:
            raise ImportFileError(str(path), "no PPRRVU file (PPRRVU*.csv, .txt or .xlsx) found in it")
    return chosen


def _expand(name: str, load: Callable[[], bytes]) -> list[tuple[str, Callable[[], bytes]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(load()))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(name, "not a readable zip file") from exc
    out = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        inner = Path(info.filename).name
        reader = (lambda i=info: archive.read(i))
        if inner.lower().endswith(".zip"):
            out.extend(_expand(f"{name}/{inner}", reader))
        else:
            out.append((inner, reader))
    return out


def import_bundle(engine: Engine, path: Path, progress: Progress = lambda _m: None) -> ImportResult:
    """Parse every file first, then write the release in one transaction (all or nothing)."""
    files = collect_files(path)
    name, load = files["pprrvu"]
    progress(f"reading {name}")
    parsed = read_pprrvu(name, load(), progress=lambda n: progress(f"  {n:,} rows"))
    tables = {"pprrvu": parsed.rows}
    readers = {"gpci": read_gpci, "counties": read_counties, "zip5": read_zip5, "anesthesia": read_anesthesia}
    for kind, reader in readers.items():
        if kind in files:
            file, loader = files[kind]
            progress(f"reading {file}")
            tables[kind] = reader(file, loader())
    release = parsed.release_name
    result = ImportResult(
        release=release, year=parsed.year, quarter=parsed.quarter,
        conversion_factor=str(parsed.conversion_factor), rows=len(parsed.rows),
        codes=len({r["code"] for r in parsed.rows if not r["modifier"]}),
        counts={k: len(v) for k, v in tables.items()}, files=[f for f, _ in files.values()],
    )
    progress(f"writing {release} to the database")
    try:
        with engine.begin() as conn:
            existing = conn.execute(storage.releases.select().where(storage.releases.c.name == release)).first()
            result.replaced = existing is not None
            conn.execute(delete(storage.releases).where(storage.releases.c.name == release))
            for table in storage.RELEASE_TABLES:
                conn.execute(delete(table).where(table.c.release == release))
            conn.execute(storage.releases.insert().values(
                name=release, year=parsed.year, quarter=parsed.quarter,
                conversion_factor=str(parsed.conversion_factor),
                qp_conversion_factor=qp_conversion_factor(parsed.year),
                released=parsed.released, source_file=str(path),
                imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                row_count=len(parsed.rows), code_count=result.codes,
            ))
            targets = {"pprrvu": storage.rvu_rows, "gpci": storage.gpci, "counties": storage.counties,
                       "zip5": storage.zip_localities, "anesthesia": storage.anesthesia}
            for kind, rows in tables.items():
                rows = _dedupe(kind, rows)
                for start in range(0, len(rows), BATCH):
                    conn.execute(targets[kind].insert(), [dict(r, release=release) for r in rows[start:start + BATCH]])
                progress(f"  stored {len(rows):,} {kind} rows")
    except SQLAlchemyError as exc:
        raise storage.StorageError(f"import of {release} failed and was rolled back: {storage.first_line(exc)}") from exc
    return result


def _dedupe(kind: str, rows: list[dict]) -> list[dict]:
    """CMS lists a locality served by two carriers twice in LOCCO; keep the first of each key."""
    keys = {"pprrvu": ("code", "modifier"), "gpci": ("mac", "locality"), "counties": ("mac", "locality"),
            "zip5": ("zip", "mac", "locality"), "anesthesia": ("mac", "locality")}[kind]
    seen, out = set(), []
    for row in rows:
        key = tuple(row[k] for k in keys)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
