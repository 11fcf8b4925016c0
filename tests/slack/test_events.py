"""Mentions and direct messages over signed HTTP, answered through the mock Slack Web API."""
from __future__ import annotations

import json
import threading

from tests.slack.expected import national_payment
from tests.slack.harness import BOT_USER, all_text


def test_mention_answers_in_the_thread_with_the_figures(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    reply = bot.mention("what is 96406", channel="C0CHAN", ts="1700000001.000100")
    assert reply.status == 200
    [post] = slack_api.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0CHAN"
    assert post.body["thread_ts"] == "1700000001.000100"
    assert post.headers.get("Authorization") == "Bearer xoxb-test-token"
    nonfacility, facility = national_payment("96406")
    shown = all_text(post.body)
    assert nonfacility in shown and facility in shown
    assert nonfacility in post.body["text"]  # the notification fallback carries the figures too
    assert any(b["type"] == "header" and "96406" in b["text"]["text"] for b in post.body["blocks"])


def test_mention_inside_a_thread_answers_in_that_thread(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    bot.event({"type": "app_mention", "user": "U0ALICE", "text": f"<@{BOT_USER}> rvu 99214",
               "ts": "1700000002.000200", "thread_ts": "1700000000.000001", "channel": "C0CHAN"})
    [post] = slack_api.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1700000000.000001"
    assert "99214" in post.body["text"]


def test_a_retried_event_is_answered_once(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    first = bot.mention("what is 96406", event_id="EvRETRY0001", ts="1700000003.000300")
    assert first.status == 200
    assert len(slack_api.wait_for("chat.postMessage", 1)) == 1
    retry = bot.mention("what is 96406", event_id="EvRETRY0001", ts="1700000003.000300", retry=1)
    assert retry.status == 200  # acknowledged, so Slack stops retrying
    # A later, different event is answered; by then a second answer to the retry would be there too.
    bot.mention("what is 99213", event_id="EvOTHER0001", ts="1700000004.000400")
    posts = slack_api.wait_for("chat.postMessage", 2)
    assert [p.body["thread_ts"] for p in posts].count("1700000003.000300") == 1
    assert len(posts) == 2


def test_concurrent_deliveries_of_one_event_answer_once(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    statuses = []
    threads = [threading.Thread(target=lambda n=n: statuses.append(
        bot.mention("rvu 99213", event_id="EvRACE0001", ts="1700000005.000500", retry=n or None).status))
        for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 4
    bot.mention("rvu 99214", event_id="EvRACE0002", ts="1700000006.000600")
    posts = slack_api.wait_for("chat.postMessage", 2)
    assert [p.body["thread_ts"] for p in posts].count("1700000005.000500") == 1


def test_direct_message_is_answered_and_bot_messages_are_ignored(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    dm = {"type": "message", "channel": "D0DM", "channel_type": "im", "ts": "1700000007.000700"}
    assert bot.event({**dm, "user": "U0OTHERBOT", "bot_id": "B0OTHER", "text": "what is 96406"}).status == 200
    assert bot.event({**dm, "subtype": "bot_message", "bot_id": "B0BOT", "text": "what is 96406"}).status == 200
    assert bot.event({**dm, "user": BOT_USER, "text": "what is 96406"}).status == 200  # our own message
    assert bot.event({**dm, "subtype": "message_changed", "message": {"text": "what is 96406"}}).status == 200
    assert bot.event({"type": "message", "channel": "C0CHAN", "channel_type": "channel", "user": "U0ALICE",
                      "ts": "1700000007.000800", "text": "what is 96406"}).status == 200
    assert bot.event({**dm, "user": "U0ALICE", "text": "what is 96406", "ts": "1700000008.000900"}).status == 200
    posts = slack_api.wait_for("chat.postMessage", 1)
    # Only the person's DM is answered (the ignored events came first, so any answer to them
    # would have been submitted before this one's).
    assert len(posts) == 1
    assert posts[0].body["channel"] == "D0DM"
    assert "thread_ts" not in posts[0].body or posts[0].body["thread_ts"] in (None, "")
    assert national_payment("96406")[0] in all_text(posts[0].body)


def test_a_mention_of_nothing_gets_help(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    bot.mention("   ")
    [post] = slack_api.wait_for("chat.postMessage")
    shown = all_text(post.body)
    assert "/rvu" in shown and "what is 96406" in shown


def test_user_text_never_pings(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    # <!channel> is a real @channel; &lt;!here&gt; is someone typing "<!here>" literally.
    bot.mention("code for <!channel> <@U0EVE> &lt;!here&gt; &amp; knee injection")
    [post] = slack_api.wait_for("chat.postMessage")
    shown = all_text(post.body)
    for ping in ("<!channel>", "<!here>", "<@U0EVE>", "<!everyone>"):
        assert ping not in shown


def test_an_oversized_message_gets_a_polite_reply(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    bot.mention("what is 99213 " + "x" * 5000)
    [post] = slack_api.wait_for("chat.postMessage")
    assert "characters long" in post.body["text"]


def test_rate_limited_post_is_retried_after_retry_after(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    slack_api.queue("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
    bot.mention("what is 96406")
    posts = slack_api.wait_for("chat.postMessage", 2, timeout=10)
    assert len(posts) == 2
    assert posts[0].body == posts[1].body
    assert posts[1].at - posts[0].at >= 1.0  # it waited as Slack asked


def test_app_home_shows_how_to_ask_the_data_and_tips(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    bot.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D0DM", "tab": "home",
               "event_ts": "1700000009.000100"})
    [publish] = slack_api.wait_for("views.publish")
    assert publish.body["user_id"] == "U0ALICE"
    view = publish.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    shown = json.dumps(view["blocks"], ensure_ascii=False)
    assert "/rvu" in shown
    assert "RVU25D" in shown
    assert "Daily tips" in shown
