"""`rvubot data`: import CMS releases, list them, export shipped facts."""
from __future__ import annotations

import time
from pathlib import Path

from bot.commands.common import CommandError, Progress, settings
from intents.catalog import export_facts, load_catalog
from intents.importer.bundle import import_bundle
from intents.knowledge import DATA_DIR
from intents.storage import list_releases, open_engine


def register(sub) -> None:
    parser = sub.add_parser("data", help="import and list CMS fee schedule releases")
    data_sub = parser.add_subparsers(dest="data_command", metavar="ACTION")
    imp = data_sub.add_parser("import", help="import an RVU bundle: the CMS zip, its folder, or one PPRRVU file",
                              epilog="Example: rvubot data import ~/Downloads/rvu25d.zip")
    imp.add_argument("path", type=Path)
    imp.set_defaults(handler=run_import)
    status = data_sub.add_parser("status", help="list the releases the bot answers from")
    status.set_defaults(handler=run_status)
    export = data_sub.add_parser("export-facts", help="write the figures of our curated codes for shipping (no descriptors)")
    export.add_argument("--release", required=True)
    export.add_argument("--out", type=Path, default=DATA_DIR / "facts")
    export.set_defaults(handler=run_export)
    parser.set_defaults(handler=lambda _a: parser.print_help() or 2)


def run_import(args) -> int:
    config = settings()
    engine = open_engine(config.database_url)
    progress = Progress()
    started = time.monotonic()
    result = import_bundle(engine, args.path.expanduser(), progress)
    progress.done()
    verb = "Replaced" if result.replaced else "Imported"
    counts = ", ".join(f"{n:,} {k}" for k, n in result.counts.items())
    print(f"{verb} {result.release}: {result.codes:,} codes in {result.rows:,} rows "
          f"(conversion factor ${result.conversion_factor}); {counts}; {time.monotonic() - started:.1f}s")
    return 0


def run_status(args) -> int:
    config = settings()
    engine = open_engine(config.database_url)
    catalog = load_catalog(engine)
    imported = {r["name"]: r for r in list_releases(engine)}
    print(f"Database: {engine.url.render_as_string(hide_password=True)}")
    if not catalog.releases:
        print("No releases. Import one: rvubot data import PATH")
        return 0
    for index, release in enumerate(catalog.newest_first()):
        codes = sum(1 for by_release in catalog.records.values() if release.name in by_release)
        line = f"{'*' if index == 0 else ' '} {release.label}: {codes:,} codes, CF ${release.conversion_factor}"
        if release.qp_conversion_factor:
            line += f" (QP ${release.qp_conversion_factor})"
        meta = imported.get(release.name)
        line += f", imported {meta['imported_at']} from {meta['source_file']}" if meta and release.source == "imported" else ", shipped with the bot"
        if release.has_localities:
            line += ", with localities"
        print(line)
    print("* newest; each code answers from the newest release that has it (rvubot ask --release NAME to choose).")
    return 0


def run_export(args) -> int:
    config = settings()
    catalog = load_catalog(open_engine(config.database_url))
    if args.release not in catalog.releases or catalog.releases[args.release].source != "imported":
        raise CommandError(f"import {args.release} first (rvubot data import PATH)")
    path = export_facts(catalog, args.release, set(catalog.knowledge), args.out)
    print(f"Wrote {path}")
    return 0

