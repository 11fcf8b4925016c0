"""`rvubot serve`: run the Slack app (Socket Mode or HTTP)."""
from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("serve", help="run the Slack bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP on PORT)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from bot.server import serve

    return serve()
