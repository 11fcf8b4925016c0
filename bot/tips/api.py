"""What the rest of the bot calls in the tips package."""
from __future__ import annotations

import threading

from bot.tips import scheduler, slash


def handle_tips_command(settings, engine, client, team_id: str, channel_id: str, user_id: str, text: str) -> str:
    """`/rvu tips ...` (text is what follows 'tips'); returns the mrkdwn reply for the user.
    `client` (the workspace's WebClient) is used for the person's time zone (users.info)."""
    return slash.handle(settings, engine, client, team_id, channel_id, user_id, text)


def home_summary(settings, engine, team_id: str) -> list[dict]:
    """Tip settings of every channel of the workspace, for App Home:
    [{channel_id, time, tz, days, specialty, enabled, problem, enabled_by, last_code, last_date, next}]."""
    return slash.summary(engine, team_id)


def start_scheduler(settings, engine, stop_event: threading.Event) -> threading.Thread:
    """Start the background thread that runs the due tips every minute; returns the thread."""
    return scheduler.start(settings, engine, stop_event)
