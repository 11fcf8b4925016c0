"""`rvubot serve`: run the Slack app (Socket Mode or HTTP)."""
from __future__ import annotations

from bot.commands.common import CommandError


def register(sub) -> None:
    parser = sub.add_parser(
        "serve", help="run the Slack bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP on PORT)",
        description="Run the Slack bot. Socket Mode when SLACK_APP_TOKEN is set; otherwise HTTP on PORT "
                    "(default 3000) with /slack/events and /healthz, plus /slack/install and "
                    "/slack/oauth_redirect when SLACK_CLIENT_ID is set.",
        epilog="Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_CLIENT_ID, "
               "SLACK_CLIENT_SECRET, DATABASE_URL, PORT, LOG_LEVEL. See docs/slack.md.")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from bot.app import SetupError
    from bot.server import serve

    try:
        return serve()
    except SetupError as exc:
        raise CommandError(str(exc)) from exc
