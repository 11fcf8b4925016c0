"""Post every tip due at an instant: claim the day, post, pin, unpin the previous one.

Exactly once per channel per local day, whatever happens:
- the day is claimed with a unique row before anything is posted; a run that loses the claim
  skips (two bot instances sharing one PostgreSQL database);
- a claimed day carries a lease: other runs keep off it until the lease ends, then take over;
- a post whose outcome is unknown (a crash, a 5xx, a timeout) is looked for in the channel's
  history (the message carries metadata naming the day) before anything is posted again;
- 429 leaves the day claimed with a retry time from Retry-After; nothing was posted;
- once the message's ts is recorded, later runs only finish the pin (pinning is idempotent).
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Mapping

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot import store
from bot.config import Settings
from bot.render import render_template
from bot.tips import channels, cycle, posts
from bot.tips.channels import ChannelTips
from bot.tips.content import is_tip_for, render_tip, tip_item, tip_metadata
from bot.tips.schedule import as_utc, days_text, due_date, start_of_day_epoch
from bot.tips.schema import ABANDONED, CLAIMED, FINAL_STATES, PIN_FAILED, PINNED, POSTED, ensure_tables
from bot.tips.slack_errors import RATE_LIMITED, REFUSED, Failure, classify, error_of
from intents.answer import Answerer, build_answerer

log = logging.getLogger(__name__)

CLAIM_LEASE_SECONDS = 5 * 60  # longer than any one channel's Slack calls take (20 s timeouts)
PIN_LEASE_SECONDS = 60  # once the ts is known, pinning twice is harmless: a short lease will do
SLACK_TIMEOUT_SECONDS = 20
HISTORY_PAGES = 10
PIN_GONE_ERRORS = frozenset({"no_pin", "not_pinned", "message_not_found", "channel_not_found"})

# Outcome actions
POSTED_NOW, ADOPTED, PIN_FINISHED, WAITING, SKIPPED, NOT_DUE, FAILED = (
    "posted", "adopted", "pinned", "waiting", "skipped", "not-due", "failed")


@dataclass(frozen=True)
class Outcome:
    team_id: str
    channel_id: str
    local_date: str
    action: str
    code: str = ""
    detail: str = ""

    def line(self) -> str:
        parts = [self.team_id, self.channel_id, self.local_date or "-", self.action]
        if self.code:
            parts.append(self.code)
        text = " ".join(parts)
        return f"{text}: {self.detail}" if self.detail else text


@dataclass
class Run:
    """One pass over the due tips: the instant it acts at, its claim token, its Slack clients."""

    settings: Settings
    engine: Engine
    started: datetime
    answerer_source: Callable[[], Answerer]
    hooks: Mapping[str, Callable[..., None]] = field(default_factory=dict)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    _clients: dict = field(default_factory=dict)
    _answerer: Answerer | None = None

    def now(self) -> int:
        """The instant this run acts at, in epoch seconds. Fixed for the whole run, so a given
        clock gives the same decisions; leases are minutes long, a run's calls take seconds."""
        return int(self.started.timestamp())

    def answerer(self) -> Answerer:
        if self._answerer is None:
            self._answerer = self.answerer_source()
        return self._answerer

    def client(self, team_id: str) -> WebClient | None:
        if team_id not in self._clients:
            token = store.bot_token_for(self.settings, self.engine, team_id)
            # No SDK retries: whether and when to call Slack again is this module's decision,
            # and a silent retry of chat.postMessage could post twice.
            self._clients[team_id] = WebClient(token=token, base_url=self.settings.slack_api_url,
                                               timeout=SLACK_TIMEOUT_SECONDS, retry_handlers=[]) if token else None
        return self._clients[team_id]

    def hook(self, name: str, **info) -> None:
        if name in self.hooks:
            self.hooks[name](**info)


def run_due(settings: Settings, engine: Engine, now: datetime, answerer: Answerer | Callable[[], Answerer] | None = None,
            hooks: Mapping[str, Callable[..., None]] | None = None) -> list[Outcome]:
    """Post every tip due at `now` (an aware datetime); one Outcome per enabled channel.
    `hooks` lets tests act at named points (before_claim, before_post, after_post, before_pin)."""
    if isinstance(answerer, Answerer):
        source = (lambda: answerer)
    elif answerer is not None:
        source = answerer
    else:
        source = (lambda: build_answerer(engine))
    ensure_tables(engine)
    run = Run(settings, engine, as_utc(now), source, hooks or {})
    outcomes = []
    for tips in channels.enabled_channels(engine):
        try:
            local_date = due_date(tips, run.started)
        except (ValueError, KeyError) as exc:  # a zone this machine doesn't know any more
            outcomes.append(Outcome(tips.team_id, tips.channel_id, "", FAILED, detail=f"time zone {tips.tz}: {exc}"))
            continue
        if local_date is None:
            outcomes.append(Outcome(tips.team_id, tips.channel_id, "", NOT_DUE,
                                    detail=f"due at {tips.post_time} {tips.tz}, {days_text(tips.weekdays)}"))
            continue
        try:
            outcomes.append(_channel(run, tips, local_date))
        except Exception as exc:  # one channel's trouble must not stop the others
            log.exception("tip for %s/%s failed", tips.team_id, tips.channel_id)
            outcomes.append(Outcome(tips.team_id, tips.channel_id, local_date, FAILED,
                                    detail=f"internal error ({exc.__class__.__name__})"))
    return outcomes


def _channel(run: Run, tips: ChannelTips, local_date: str) -> Outcome:
    def outcome(action: str, detail: str = "", code: str = "") -> Outcome:
        return Outcome(tips.team_id, tips.channel_id, local_date, action, code, detail)

    row = posts.find(run.engine, tips.team_id, tips.channel_id, local_date)
    if row is None:
        row = _claim(run, tips, local_date)
        if row is None:
            return outcome(SKIPPED, "another run claimed today's tip")
        if row.state == ABANDONED:
            _problem(run, tips, "post", "no_codes")
            return outcome(FAILED, "no curated codes for this specialty")
    else:
        now = run.now()
        if row.state in FINAL_STATES:
            return outcome(SKIPPED, f"today's tip is done ({row.state})", row.code)
        if row.retry_at > now:
            return outcome(WAITING, f"retry after {_utc(row.retry_at)}", row.code)
        if row.claim_token != run.token and row.lease_until > now:
            return outcome(SKIPPED, "another run is working on today's tip", row.code)
        row = posts.take_over(run.engine, row, run.token, now, CLAIM_LEASE_SECONDS)
        if row is None:
            return outcome(SKIPPED, "another run took today's tip", "")
    return _carry_on(run, tips, row, outcome)


def _claim(run: Run, tips: ChannelTips, local_date: str) -> posts.PostRow | None:
    release = run.settings.release or None
    codes = cycle.pool(run.answerer().catalog, tips.specialty, release)

    def choose(conn):
        run.hook("before_claim", tips=tips, local_date=local_date)
        if not codes:
            return "", ABANDONED, (lambda _conn: None)
        state = cycle.load(conn, tips.team_id, tips.channel_id)
        code, new_state = cycle.next_code(state, codes, tips.specialty, tips.team_id, tips.channel_id)
        return code, CLAIMED, (lambda c: cycle.save(c, tips.team_id, tips.channel_id, new_state))

    return posts.claim(run.engine, tips.team_id, tips.channel_id, local_date, run.token, run.now(),
                       CLAIM_LEASE_SECONDS, choose)


def _carry_on(run: Run, tips: ChannelTips, row: posts.PostRow, outcome) -> Outcome:
    client = run.client(tips.team_id)
    if client is None:
        posts.change(run.engine, row, state=ABANDONED, error="no_token")
        _problem(run, tips, "post", "no_token")
        return outcome(FAILED, "no bot token for this workspace", row.code)
    action = PIN_FINISHED
    if row.state == CLAIMED:
        result = _post(run, client, tips, row, outcome)
        if isinstance(result, Outcome):
            return result
        row, action = result
    return _pin(run, client, tips, row, outcome, action)


def _post(run: Run, client: WebClient, tips: ChannelTips, row: posts.PostRow, outcome):
    """Post today's tip, or find the one an earlier attempt may have posted.
    Returns (row now POSTED, action) or a final Outcome."""
    if row.needs_check:
        found = _find_posted(run, client, tips, row, outcome)
        if isinstance(found, Outcome):
            return found
        if found:
            row = posts.change(run.engine, row, state=POSTED, message_ts=found, posted_at=run.now(),
                               needs_check=False, error="", lease_until=run.now() + PIN_LEASE_SECONDS)
            if row is None:
                return outcome(SKIPPED, "another run took today's tip")
            log.info("tip %s/%s %s: found the earlier post", tips.team_id, tips.channel_id, row.local_date)
            return row, ADOPTED
    message = render_tip(tip_item(run.answerer(), row.code, run.settings.release or None), tips.specialty)
    row = posts.change(run.engine, row, in_flight=True, attempts=row.attempts + 1)
    if row is None:
        return outcome(SKIPPED, "another run took today's tip")
    run.hook("before_post", row=row)
    try:
        response = client.chat_postMessage(
            channel=tips.channel_id, text=message.text, blocks=message.blocks, unfurl_links=False,
            unfurl_media=False, metadata=tip_metadata(tips.team_id, tips.channel_id, row.local_date, row.code))
    except Exception as exc:
        return _post_failed(run, tips, row, classify(exc, row.attempts), outcome)
    ts = response.get("ts") or (response.get("message") or {}).get("ts") or ""
    run.hook("after_post", row=row, ts=ts)
    if not ts:  # Slack said ok without a ts: the message is out there; find it before anything else
        posts.change(run.engine, row, in_flight=False, needs_check=True, retry_at=run.now() + 60,
                     lease_until=run.now(), error="no_ts")
        return outcome(WAITING, "Slack gave no message ts; will look for the post", row.code)
    row = posts.change(run.engine, row, state=POSTED, message_ts=ts, posted_at=run.now(), in_flight=False,
                       needs_check=False, error="", lease_until=run.now() + PIN_LEASE_SECONDS)
    if row is None:
        log.warning("tip %s/%s: claim lost while posting", tips.team_id, tips.channel_id)
        return outcome(SKIPPED, "claim lost while posting")
    log.info("tip %s/%s %s: posted %s", tips.team_id, tips.channel_id, row.local_date, row.code)
    return row, POSTED_NOW


def _post_failed(run: Run, tips: ChannelTips, row: posts.PostRow, failure: Failure, outcome) -> Outcome:
    now = run.now()
    if failure.kind == RATE_LIMITED:  # Slack did nothing: retry after its Retry-After
        posts.change(run.engine, row, in_flight=False, retry_at=now + failure.retry_after, lease_until=now,
                     error=failure.error)
        return outcome(WAITING, f"rate limited; retry after {_utc(now + failure.retry_after)}", row.code)
    if failure.kind == REFUSED:
        posts.change(run.engine, row, in_flight=False, state=ABANDONED, error=failure.error)
        _problem(run, tips, "post", failure.error, failure.needed_scope)
        return outcome(FAILED, f"Slack refused the tip: {failure.error}", row.code)
    # 5xx, timeout, lost connection: it may have been posted; look before posting again.
    posts.change(run.engine, row, in_flight=False, needs_check=True, retry_at=now + failure.retry_after,
                 lease_until=now, error=failure.error)
    return outcome(WAITING, f"{failure.error}; retry after {_utc(now + failure.retry_after)}", row.code)


def _find_posted(run: Run, client: WebClient, tips: ChannelTips, row: posts.PostRow, outcome):
    """The ts of today's tip if an earlier attempt posted it, "" if not, or a final Outcome when
    we cannot tell (then the day is skipped: a missing tip beats a duplicate)."""
    cursor = None
    oldest = str(start_of_day_epoch(tips, row.local_date))
    for _page in range(HISTORY_PAGES):
        try:
            response = client.conversations_history(channel=tips.channel_id, oldest=oldest, limit=200,
                                                    include_all_metadata=True, cursor=cursor)
        except Exception as exc:
            failure = classify(exc, row.attempts)
            now = run.now()
            if failure.kind == REFUSED:
                posts.change(run.engine, row, state=ABANDONED, error=f"check: {failure.error}")
                _problem(run, tips, "check", failure.error, failure.needed_scope)
                return outcome(FAILED, f"cannot check for an earlier post: {failure.error}", row.code)
            posts.change(run.engine, row, retry_at=now + failure.retry_after, lease_until=now,
                         error=f"check: {failure.error}")
            return outcome(WAITING, f"checking for an earlier post: {failure.error}", row.code)
        for message in response.get("messages") or []:
            if is_tip_for(message, row.local_date) and message.get("ts"):
                return message["ts"]
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return ""
    posts.change(run.engine, row, state=ABANDONED, error="check: too much history")
    return outcome(FAILED, "too many messages today to check for an earlier post; skipped the day", row.code)


def _pin(run: Run, client: WebClient, tips: ChannelTips, row: posts.PostRow, outcome, action: str) -> Outcome:
    """Pin today's tip (once its ts is known), then unpin the ones before it."""
    if row.pinned_at is None:
        run.hook("before_pin", row=row)
        try:
            client.pins_add(channel=tips.channel_id, timestamp=row.message_ts)
        except Exception as exc:
            if error_of(exc) != "already_pinned":
                return _pin_failed(run, tips, row, classify(exc, row.attempts), outcome, action)
        row = posts.change(run.engine, row, pinned_at=run.now())
        if row is None:
            return outcome(SKIPPED, "another run took today's tip")
    for earlier in posts.still_pinned(run.engine, row):
        try:
            client.pins_remove(channel=tips.channel_id, timestamp=earlier.message_ts)
        except Exception as exc:
            failure = classify(exc, row.attempts)
            if failure.kind != REFUSED:
                now = run.now()
                posts.change(run.engine, row, retry_at=now + failure.retry_after, lease_until=now,
                             error=f"unpin: {failure.error}")
                return outcome(WAITING, f"pinned; unpinning the previous tip: {failure.error}", row.code)
            if failure.error not in PIN_GONE_ERRORS:
                log.warning("tip %s/%s: cannot unpin %s: %s", tips.team_id, tips.channel_id,
                            earlier.local_date, failure.error)
        posts.mark_unpinned(run.engine, earlier.id, run.now())
    with run.engine.begin() as conn:
        channels.clear_problem(conn, tips.team_id, tips.channel_id)
    posts.change(run.engine, row, state=PINNED, error="", lease_until=run.now())
    detail = {POSTED_NOW: "posted and pinned", ADOPTED: "found the earlier post and pinned it",
              PIN_FINISHED: "finished pinning the earlier post"}[action]
    return outcome(action, f"{detail} (ts {row.message_ts})", row.code)


def _pin_failed(run: Run, tips: ChannelTips, row: posts.PostRow, failure: Failure, outcome, action: str) -> Outcome:
    now = run.now()
    if failure.kind == REFUSED:
        posts.change(run.engine, row, state=PIN_FAILED, error=f"pin: {failure.error}")
        _problem(run, tips, "pin", failure.error, failure.needed_scope)
        verb = "posted" if action == POSTED_NOW else "earlier post found"
        return outcome(action, f"{verb} (ts {row.message_ts}) but not pinned: {failure.error}", row.code)
    posts.change(run.engine, row, retry_at=now + failure.retry_after, lease_until=now, error=f"pin: {failure.error}")
    return outcome(WAITING, f"posted (ts {row.message_ts}); pin retry after {_utc(now + failure.retry_after)}"
                            f" ({failure.error})", row.code)


def _problem(run: Run, tips: ChannelTips, stage: str, error: str, needed: str = "") -> None:
    """Note what stops tips here; the first time, tell the person who turned them on."""
    text = render_template("tip_problem.j2", stage=stage, error=error, needed=needed, specialty=tips.specialty)
    if not channels.record_problem(run.engine, tips.team_id, tips.channel_id, text):
        return
    client = run.client(tips.team_id)
    if client is None or not tips.enabled_by:
        return
    try:
        client.chat_postMessage(channel=tips.enabled_by, text=render_template(
            "tip_reply.j2", mrkdwn=True, kind="problem", channel_id=tips.channel_id, problem=text))
    except Exception as exc:  # telling them is best effort; App Home shows the problem anyway
        log.warning("tip problem note to the enabling user failed: %s", error_of(exc) or exc.__class__.__name__)


def _utc(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
