"""`/rvu tips ...`: change or show a channel's tip settings; App Home's summary of them."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from rapidfuzz import process
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.render import render_template
from bot.tips import channels, posts
from bot.tips.channels import DEFAULT_TIME, WEEKDAYS, ChannelTips
from bot.tips.parse import parse_tips, zone_name
from bot.tips.schedule import days_text, local_time, next_post
from bot.tips.schema import ensure_tables
from intents.knowledge import load_knowledge, load_specialties

log = logging.getLogger(__name__)

DEFAULT_TZ = "UTC"


def handle(settings: Settings, engine: Engine, client, team_id: str, channel_id: str, user_id: str, text: str,
           now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    ensure_tables(engine)
    knowledge = load_knowledge()
    aliases = load_specialties()
    known = {name for know in knowledge.values() for name in know.specialties}
    request = parse_tips(text, aliases, known)
    current = channels.get(engine, team_id, channel_id)
    if request.action == "help":
        return _reply("help")
    if request.action == "error":
        suggestion = _suggest(request.words, aliases, known) if request.problem == "specialty" else ""
        return _reply("error", problem=request.problem, words=request.words, suggestion=suggestion)
    if request.action == "show":
        return _settings_reply(engine, current, now) if current else _reply("not_set")
    if request.action == "off":
        if not current or not current.enabled:
            return _reply("not_set")
        channels.set_enabled(engine, team_id, channel_id, False, int(now.timestamp()))
        log.info("tips off in %s/%s", team_id, channel_id)
        return _reply("off")
    specialty = request.specialty if request.specialty is not None else (current.specialty if current else "")
    if specialty and not any(specialty in know.specialties for know in knowledge.values()):
        return _reply("error", problem="no_codes", words=specialty)
    tips = ChannelTips(
        team_id=team_id, channel_id=channel_id, enabled=True,
        post_time=request.time or (current.post_time if current else DEFAULT_TIME),
        tz=request.tz or (current.tz if current else _user_zone(client, user_id)),
        weekdays=request.weekdays or (current.weekdays if current else WEEKDAYS),
        specialty=specialty, enabled_by=user_id, problem="", problem_notified=False)
    channels.save(engine, tips, int(now.timestamp()))
    log.info("tips on in %s/%s", team_id, channel_id)
    return _settings_reply(engine, tips, now)


def summary(engine: Engine, team_id: str, now: datetime | None = None) -> list[dict]:
    """Every channel of the workspace with tip settings, for App Home."""
    now = now or datetime.now(timezone.utc)
    ensure_tables(engine)
    out = []
    for tips in channels.team_channels(engine, team_id):
        last = posts.latest(engine, team_id, tips.channel_id)
        out.append({
            "channel_id": tips.channel_id, "time": tips.post_time, "tz": tips.tz, "days": days_text(tips.weekdays),
            "specialty": tips.specialty or "all specialties", "enabled": tips.enabled, "problem": tips.problem,
            "enabled_by": tips.enabled_by,
            "last_code": last.code if last and last.message_ts else "",
            "last_date": last.local_date if last and last.message_ts else "",
            "next": _next_text(engine, tips, now) if tips.enabled else "",
        })
    return out


def _settings_reply(engine: Engine, tips: ChannelTips, now: datetime) -> str:
    return _reply("settings", tips=tips, days=days_text(tips.weekdays), next_text=_next_text(engine, tips, now))


def _next_text(engine: Engine, tips: ChannelTips, now: datetime) -> str:
    today = local_time(tips, now).date()
    posted_today = posts.find(engine, tips.team_id, tips.channel_id, today.isoformat()) is not None
    day, due_now = next_post(tips, now, posted_today)
    if due_now:
        return "within a minute"
    when = "today" if day == today else f"{day:%a} {day.day} {day:%b}"
    return f"{when} at {tips.post_time} {tips.tz}"


def _user_zone(client, user_id: str) -> str:
    """The workspace's zone as Slack knows it: the person's own (team.info has none), else UTC."""
    if client is None:
        return DEFAULT_TZ
    try:
        zone = (client.users_info(user=user_id).get("user") or {}).get("tz") or ""
    except Exception as exc:  # no users:read, or Slack trouble: UTC will do, and they can say otherwise
        log.info("users.info for the tips time zone failed: %s", exc.__class__.__name__)
        return DEFAULT_TZ
    return zone_name(zone) or DEFAULT_TZ


def _suggest(words: str, aliases: dict[str, str], known: set[str]) -> str:
    choices = {name.lower(): name for name in known} | aliases
    best = process.extractOne(words.lower(), list(choices), score_cutoff=80)
    return choices[best[0]] if best else ""


def _reply(kind: str, **context) -> str:
    return render_template("tip_reply.j2", mrkdwn=True, kind=kind, **context).strip()

