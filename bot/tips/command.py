"""`rvubot tips run-due [--at ISO-8601]`: post every tip due at that instant, say what happened."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.commands.common import CommandError, settings as load_settings
from bot.tips.runner import NOT_DUE, run_due as run
from intents.storage import open_engine


def parse_instant(text: str | None) -> datetime:
    """--at: an ISO-8601 instant with its UTC offset (2025-03-10T14:00:00Z); default now."""
    if not text:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--at {text!r} is not an ISO-8601 instant (e.g. 2025-03-10T14:00:00Z)") from None
    if moment.tzinfo is None:
        raise CommandError(f"--at {text!r} has no UTC offset; add one (2025-03-10T09:00:00-05:00 or ...Z)")
    return moment.astimezone(timezone.utc)


def run_due(args) -> int:
    at = parse_instant(getattr(args, "at", None))
    config = load_settings()
    engine = open_engine(config.database_url)
    outcomes = run(config, engine, at)
    due = [o for o in outcomes if o.action != NOT_DUE]
    for outcome in outcomes:
        print(outcome.line(), flush=True)
    if not outcomes:
        print("no channel has tips turned on", flush=True)
    elif not due:
        print(f"nothing due at {at:%Y-%m-%dT%H:%M:%SZ}", flush=True)
    return 0
