"""`rvubot tips`: the daily pinned code tips."""
from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("tips", help="daily code tips: post those that are due")
    tips_sub = parser.add_subparsers(dest="tips_command", metavar="ACTION")
    due = tips_sub.add_parser("run-due", help="post every tip due at this instant (the scheduler calls this each minute)")
    due.add_argument("--at", help="ISO-8601 instant to act as now (default: the current time)")
    due.set_defaults(handler=run_due)
    parser.set_defaults(handler=lambda _a: parser.print_help() or 2)


def run_due(args) -> int:
    from bot.tips.command import run_due as run

    return run(args)
