"""Where imported releases live: SQLAlchemy Core tables, one engine per database URL."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column, Integer, MetaData, String, Table, Text, create_engine, event, select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

metadata = MetaData()

releases = Table(
    "rvu_releases", metadata,
    Column("name", String(16), primary_key=True),
    Column("year", Integer, nullable=False),
    Column("quarter", String(2), nullable=False),
    Column("conversion_factor", String(16), nullable=False),
    Column("qp_conversion_factor", String(16)),
    Column("released", String(32)),
    Column("source_file", Text),
    Column("imported_at", String(32)),
    Column("row_count", Integer),
    Column("code_count", Integer),
)

RVU_COLUMNS = (
    "code", "modifier", "description", "status", "work", "pe_nonfac", "nonfac_na", "pe_fac",
    "fac_na", "mp", "total_nonfac", "total_fac", "pctc", "global_days", "mult_proc", "bilat",
    "asst", "co_surg", "team", "endo_base", "conversion_factor", "supervision", "img_family",
)

rvu_rows = Table(
    "rvu_rows", metadata,
    Column("release", String(16), primary_key=True),
    Column("code", String(5), primary_key=True),
    Column("modifier", String(2), primary_key=True),
    *[Column(name, Text) for name in RVU_COLUMNS[2:]],
)

gpci = Table(
    "rvu_gpci", metadata,
    Column("release", String(16), primary_key=True),
    Column("mac", String(5), primary_key=True),
    Column("locality", String(2), primary_key=True),
    Column("state", String(2), nullable=False),
    Column("name", Text, nullable=False),
    Column("work", String(12), nullable=False),
    Column("pe", String(12), nullable=False),
    Column("mp", String(12), nullable=False),
)

counties = Table(
    "rvu_locality_counties", metadata,
    Column("release", String(16), primary_key=True),
    Column("mac", String(5), primary_key=True),
    Column("locality", String(2), primary_key=True),
    Column("state", Text, nullable=False),
    Column("area", Text, nullable=False),
    Column("counties", Text, nullable=False),
)

zip_localities = Table(
    "rvu_zip5", metadata,
    Column("release", String(16), primary_key=True),
    Column("zip", String(5), primary_key=True),
    Column("mac", String(5), primary_key=True),
    Column("locality", String(2), primary_key=True),
    Column("state", String(2), nullable=False),
    Column("rural", String(1)),  # "R" rural, "B" super rural, "" urban
    Column("plus_four", String(1)),  # "1": CMS prices parts of this ZIP by ZIP+4 (it spans localities)
)

anesthesia = Table(
    "rvu_anesthesia_cf", metadata,
    Column("release", String(16), primary_key=True),
    Column("mac", String(5), primary_key=True),
    Column("locality", String(2), primary_key=True),
    Column("name", Text),
    Column("conversion_factor", String(12), nullable=False),
)

RELEASE_TABLES = (rvu_rows, gpci, counties, zip_localities, anesthesia)


class StorageError(Exception):
    """The database could not be opened or used; the message is meant for a person."""


def open_engine(url: str) -> Engine:
    """Create an engine and make sure our tables exist; a bad URL becomes a StorageError."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        folder = Path(url.removeprefix("sqlite:///")).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the database folder {folder}: {exc.strerror}") from exc
    try:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        metadata.create_all(engine)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise StorageError(f"cannot open the database {_safe_url(url)}: {first_line(exc)}") from exc
    return engine


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    # WAL lets the bot keep answering while an import writes; busy_timeout waits for locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _safe_url(url: str) -> str:
    """Hide a password in a URL before it reaches a message."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def list_releases(engine: Engine) -> list[dict]:
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(releases))]
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot read the database: {first_line(exc)}") from exc
