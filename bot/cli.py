"""`rvubot`: the command line. Each command group lives in bot/commands/ and registers itself here."""
from __future__ import annotations

import argparse
import logging
import sys

from bot.commands import ask, chat, data, serve, tips
from bot.commands.common import CommandError
from intents.importer.errors import ImportFileError
from intents.storage import StorageError

GROUPS = (ask, chat, data, serve, tips)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rvubot",
        description="Medicare Physician Fee Schedule answers: RVUs, payment, global days, who bills what.",
        epilog="Examples: rvubot ask \"what is 96406\" · rvubot data import RVU25D.zip · rvubot serve",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except (CommandError, StorageError, ImportFileError) as exc:
        print(f"rvubot: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
