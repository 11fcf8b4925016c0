"""What the rest of the bot calls in the tips package (contract; implemented by the tips work)."""
from __future__ import annotations


def handle_tips_command(settings, engine, client, team_id: str, channel_id: str, user_id: str, text: str) -> str:
    """`/rvu tips ...` (text is what follows 'tips'); returns the mrkdwn reply for the user."""
    raise NotImplementedError


def home_summary(settings, engine, team_id: str) -> list[dict]:
    """Tip settings of every channel of the workspace, for App Home: [{channel_id, time, tz, days, specialty, enabled, problem}]."""
    raise NotImplementedError


def start_scheduler(settings, engine, stop_event):
    """Start the background thread that runs the due tips every minute; returns the thread."""
    raise NotImplementedError
