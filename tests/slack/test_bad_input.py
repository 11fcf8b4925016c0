"""Bad requests get a clean 4xx or a helpful reply, never a stack trace, and the server keeps serving."""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from tests.slack.harness import SECRET, all_text, sign


def assert_still_serving(bot, slack_api):
    assert bot.request("GET", "/healthz").status == 200
    before = len(slack_api.calls_to("chat.postMessage"))
    assert bot.mention("help").status == 200
    assert len(slack_api.wait_for("chat.postMessage", before + 1)) == before + 1


def test_forged_signature_is_refused(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    assert bot.mention("what is 96406", secret="not-the-secret").status == 401
    body = json.dumps({"type": "event_callback", "event_id": "EvFORGED", "team_id": "T0001",
                       "event": {"type": "app_mention", "text": "<@U0BOT> hi", "channel": "C1", "ts": "1.2"}})
    headers = {"Content-Type": "application/json", **sign(body)}
    headers["X-Slack-Signature"] = headers["X-Slack-Signature"][:-4] + "beef"
    reply = bot.request("POST", "/slack/events", body.encode(), headers)
    assert reply.status == 401
    assert b"Traceback" not in reply.body
    assert_still_serving(bot, slack_api)
    assert len(slack_api.calls_to("chat.postMessage")) == 1  # only the genuine one


def test_missing_signature_is_refused(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    body = urlencode({"command": "/rvu", "text": "96406", "team_id": "T0001", "response_url": slack_api.response_url()})
    reply = bot.request("POST", "/slack/events", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 401
    assert not slack_api.calls_to("response_url")


def test_stale_timestamp_is_refused(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    # Correctly signed, but six minutes old: a replay.
    assert bot.mention("what is 96406", timestamp=int(time.time()) - 360).status == 401
    assert bot.slash("96406", slack_api.response_url(), timestamp=int(time.time()) + 360).status == 401
    assert_still_serving(bot, slack_api)
    assert len(slack_api.calls_to("chat.postMessage")) == 1


def test_malformed_json_gets_400_and_unsigned_garbage_401(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    garbage = '{"type": "event_callback", "event": {'
    reply = bot.post_signed(garbage, "application/json")
    assert reply.status == 400 and b"Traceback" not in reply.body
    assert bot.request("POST", "/slack/events", garbage.encode(), {"Content-Type": "application/json"}).status == 401
    bad_form = urlencode({"payload": "{not json"})
    assert bot.post_signed(bad_form, "application/x-www-form-urlencoded").status == 400
    not_utf8 = b"\xff\xfe{}"
    assert bot.request("POST", "/slack/events", not_utf8,
                       {"Content-Type": "application/json", **sign(not_utf8)}).status == 400
    assert_still_serving(bot, slack_api)


def test_oversized_body_is_refused(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    big = json.dumps({"type": "event_callback", "event": {"text": "x" * 1_100_000}})
    assert bot.post_signed(big, "application/json").status == 413
    assert_still_serving(bot, slack_api)


def test_unknown_action_id_gets_a_polite_reply(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    reply = bot.action({"action_id": "something_we_never_made", "type": "button", "value": "x"},
                       slack_api.response_url("unknown"))
    assert reply.status == 200
    [call] = slack_api.wait_for("response_url")
    assert "out of date" in call.body["text"]


def test_a_button_with_a_value_we_did_not_make(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    for action_id, extra in (("rvu_share", {"value": "{not json"}), ("rvu_more", {"value": '{"q": 5}'}),
                             ("rvu_pick", {"selected_option": {"value": '{"c": "<!channel>"}'}})):
        assert bot.action({"action_id": action_id, "type": "button", **extra},
                          slack_api.response_url(action_id)).status == 200
    calls = slack_api.wait_for("response_url", 3)
    assert len(calls) == 3 and all("out of date" in c.body["text"] for c in calls)
    assert not slack_api.calls_to("chat.postMessage")


def test_url_verification_and_unknown_paths(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "token": "legacy"})
    reply = bot.post_signed(body, "application/json")
    assert reply.status == 200 and b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in reply.body
    assert bot.request("GET", "/nothing-here").status == 404
    # Without SLACK_CLIENT_ID there is no install page.
    assert bot.request("GET", "/slack/install").status == 404


def test_an_unhandled_event_type_is_acknowledged(run_bot, slack_api, shipped_answerer):
    """Slack retries anything but a 2xx; an event we do not act on must not start that."""
    bot = run_bot(shipped_answerer)
    reply = bot.event({"type": "message", "subtype": "channel_join", "channel": "C0CHAN", "user": "U0NEW",
                       "channel_type": "channel", "ts": "1700000000.000001"})
    assert reply.status == 200
    assert_still_serving(bot, slack_api)
    assert all("channel_join" not in all_text(c.body) for c in slack_api.calls_to("chat.postMessage"))


def test_signing_secret_in_harness_matches_settings(run_bot, shipped_answerer):
    # Guards the other tests: a mismatch would make every "refused" test pass for the wrong reason.
    bot = run_bot(shipped_answerer)
    assert bot.settings.slack_signing_secret == SECRET
