"""`/rvu` over signed HTTP: replies through response_url, buttons, picker, preferences, tips."""
from __future__ import annotations

import dataclasses
import json

import pytest

from bot.tips import api as tips_api
from tests.slack.expected import national_payment
from tests.slack.harness import all_text, find_action


def slash_reply(bot, slack_api, text, name="cmd", **kw):
    before = len(slack_api.calls_to("response_url"))
    reply = bot.slash(text, slack_api.response_url(name), **kw)
    assert reply.status == 200
    calls = [c for c in slack_api.wait_for("response_url", before + 1)[before:] if c.path.endswith("/" + name)]
    assert calls, f"no response_url call for /rvu {text!r}"
    return calls[-1].body


def test_slash_command_answers_privately_through_response_url(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "96406")
    assert body["response_type"] == "ephemeral"
    nonfacility, facility = national_payment("96406")
    assert nonfacility in all_text(body) and facility in all_text(body)
    assert find_action(body["blocks"], "rvu_share") is not None
    assert not slack_api.calls_to("chat.postMessage")  # nothing public until shared


def test_share_button_posts_the_answer_in_the_channel(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "what is 96406", channel="C0SHARE")
    share = find_action(body["blocks"], "rvu_share")
    assert len(share["value"]) < 2000
    reply = bot.action({"action_id": "rvu_share", "type": "button", "value": share["value"]},
                       slack_api.response_url("share"), channel="C0SHARE", user="U0ALICE")
    assert reply.status == 200
    [post] = slack_api.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0SHARE"
    assert national_payment("96406")[0] in all_text(post.body)
    assert "<@U0ALICE> shared" in all_text(post.body)
    assert find_action(post.body["blocks"], "rvu_share") is None  # already public
    cleanup = [c for c in slack_api.wait_for("response_url", 2) if c.path.endswith("/share")]
    assert cleanup and cleanup[-1].body.get("delete_original") is True


def test_share_re_answers_the_question_not_the_edited_text(run_bot, slack_api, answerer_25d):
    """The button value is the question; whatever else the payload says is not shown."""
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "rvu 99213")
    share = find_action(body["blocks"], "rvu_share")
    bot.action({"action_id": "rvu_share", "type": "button", "value": share["value"],
                "text": {"type": "plain_text", "text": "<!channel> fake figures"}}, slack_api.response_url("s"))
    [post] = slack_api.wait_for("chat.postMessage")
    shown = all_text(post.body)
    assert "99213" in shown and "fake figures" not in shown and "<!channel>" not in shown


def test_share_where_the_bot_is_not_a_member_uses_response_url(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "96406", channel="G0PRIVATE")
    share = find_action(body["blocks"], "rvu_share")
    slack_api.queue("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    bot.action({"action_id": "rvu_share", "type": "button", "value": share["value"]},
               slack_api.response_url("private"), channel="G0PRIVATE")
    calls = [c for c in slack_api.wait_for("response_url", 3) if c.path.endswith("/private")]
    assert calls[0].body["response_type"] == "in_channel"
    assert national_payment("96406")[0] in all_text(calls[0].body)
    assert calls[1].body.get("delete_original") is True


def test_slash_command_with_no_text_gets_help(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    for text in ("", "help"):
        body = slash_reply(bot, slack_api, text, name=f"help{len(text)}")
        assert body["response_type"] == "ephemeral"
        assert "/rvu compare 99213 99214" in all_text(body)


def test_compare_two_codes(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "compare 99213 99214")
    shown = all_text(body)
    assert "99213" in shown and "99214" in shown
    assert national_payment("99214")[0] in shown


def test_described_service_offers_a_picker_whose_choice_answers_that_code(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "chemo injection")
    picker = find_action(body["blocks"], "rvu_pick")
    assert picker is not None and len(picker["options"]) >= 1
    codes = [json.loads(o["value"])["c"] for o in picker["options"]]
    chosen = picker["options"][codes.index("96406")] if "96406" in codes else picker["options"][0]
    code = json.loads(chosen["value"])["c"]
    bot.action({"action_id": "rvu_pick", "type": "static_select", "selected_option": chosen},
               slack_api.response_url("pick"))
    [picked] = [c for c in slack_api.wait_for("response_url", 2) if c.path.endswith("/pick")]
    assert picked.body["replace_original"] is True
    assert any(b["type"] == "header" and code in b["text"]["text"] for b in picked.body["blocks"])
    assert national_payment(code)[0] in all_text(picked.body)
    assert find_action(picked.body["blocks"], "rvu_share") is not None  # still private: can share


def test_a_long_list_shows_more_on_request(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "compare 99202-99215")
    more = find_action(body["blocks"], "rvu_more")
    assert more is not None
    header = next(b["text"]["text"] for b in body["blocks"] if b["type"] == "header")
    assert "99202" in header and "99215" not in header
    bot.action({"action_id": "rvu_more", "type": "button", "value": more["value"]}, slack_api.response_url("more"))
    [expanded] = [c for c in slack_api.wait_for("response_url", 2) if c.path.endswith("/more")]
    assert expanded.body["replace_original"] is True
    header = next(b["text"]["text"] for b in expanded.body["blocks"] if b["type"] == "header")
    assert "99202" in header and "99215" in header
    assert find_action(expanded.body["blocks"], "rvu_more") is None


def test_user_text_comes_back_escaped(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "what is 96406 <!channel> <@U0EVE> & <b>")
    shown = all_text(body)
    assert "&lt;!channel&gt;" in shown and "&lt;@U0EVE&gt;" in shown and "&amp; &lt;b&gt;" in shown
    for ping in ("<!channel>", "<@U0EVE>", "<b>"):
        assert ping not in shown


def test_oversized_slash_text_gets_a_polite_reply(run_bot, slack_api, shipped_answerer):
    bot = run_bot(shipped_answerer)
    body = slash_reply(bot, slack_api, "99213 " * 1000)
    assert "characters long" in body["text"]


@pytest.fixture
def recording_answerer(answerer_25d):
    """The same answering core, plus an extension that records the options each question got."""
    seen: list[dict] = []

    def record(query, answer, answerer, release=None, **options):
        seen.append(options)

    answerer = dataclasses.replace(answerer_25d, extensions=[*answerer_25d.extensions, record])
    return answerer, seen


def test_locality_preference_is_stored_and_passed_to_later_questions(run_bot, slack_api, recording_answerer):
    answerer, seen = recording_answerer
    bot = run_bot(answerer)
    body = slash_reply(bot, slack_api, "locality 10001", name="set")
    assert "10001" in body["text"] and "MANHATTAN" in body["text"].upper()  # checked against the ZIP file
    unknown = slash_reply(bot, slack_api, "locality Atlantis Under The Sea", name="unknown")
    assert "don't know the place" in unknown["text"]
    slash_reply(bot, slack_api, "what does 99213 pay", name="q1")
    assert seen[-1] == {"zip_code": "10001"}
    # The channel's default applies to people without their own.
    slash_reply(bot, slack_api, "locality channel Manhattan", name="chan")
    slash_reply(bot, slack_api, "what does 99213 pay", name="q2", user="U0BOB")
    assert seen[-1] == {"locality": "Manhattan"}
    # Mentions use it too.
    bot.mention("what does 99214 pay", user="U0ALICE")
    slack_api.wait_for("chat.postMessage")
    assert seen[-1] == {"zip_code": "10001"}
    shown = slash_reply(bot, slack_api, "locality", name="show")
    assert "10001" in shown["text"]
    slash_reply(bot, slack_api, "locality off", name="off")
    slash_reply(bot, slack_api, "locality channel off", name="choff")
    slash_reply(bot, slack_api, "what does 99213 pay", name="q3")
    assert seen[-1] == {}
    bad = slash_reply(bot, slack_api, "locality <!channel>", name="bad")
    assert "can't use that" in bad["text"]


def test_tips_subcommand_goes_to_the_tips_package(run_bot, slack_api, shipped_answerer, monkeypatch):
    calls = []

    def handle(settings, engine, client, team_id, channel_id, user_id, text):
        calls.append((team_id, channel_id, user_id, text))
        return "Tips *on* for this channel"

    monkeypatch.setattr(tips_api, "handle_tips_command", handle)
    bot = run_bot(shipped_answerer)
    body = slash_reply(bot, slack_api, "tips on 9:00", channel="C0TIPS", user="U0ALICE")
    assert calls == [("T0001", "C0TIPS", "U0ALICE", "on 9:00")]
    assert body["response_type"] == "ephemeral" and "Tips *on* for this channel" in body["text"]


def test_tips_not_available_gets_a_polite_reply(run_bot, slack_api, shipped_answerer, monkeypatch):
    def handle(*_args):
        raise NotImplementedError

    monkeypatch.setattr(tips_api, "handle_tips_command", handle)
    bot = run_bot(shipped_answerer)
    body = slash_reply(bot, slack_api, "tips")
    assert "not available" in body["text"]


def test_a_failure_while_answering_is_reported_politely(run_bot, slack_api, shipped_answerer, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    answerer = dataclasses.replace(shipped_answerer)
    monkeypatch.setattr(answerer, "answer", broken)
    bot = run_bot(answerer)
    body = slash_reply(bot, slack_api, "what is 99213")
    assert "went wrong" in body["text"] and "boom" not in all_text(body) and "Traceback" not in all_text(body)
    assert bot.request("GET", "/healthz").status == 200


def test_release_prefix_picks_a_release(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    body = slash_reply(bot, slack_api, "release rvu25d what is 96406", name="rel")
    shown = all_text(body)
    assert national_payment("96406")[0] in shown and "RVU25D" in shown
    missing = slash_reply(bot, slack_api, "release RVU19A what is 96406", name="norel")
    assert "No release named RVU19A" in all_text(missing)


def test_picking_a_code_in_a_channel_reply_replaces_it_for_everyone(run_bot, slack_api, answerer_25d):
    bot = run_bot(answerer_25d)
    option = {"text": {"type": "plain_text", "text": "20610"}, "value": json.dumps({"c": "20610", "r": None})}
    bot.action({"action_id": "rvu_pick", "type": "static_select", "selected_option": option},
               slack_api.response_url("inchannel"), ephemeral=False)
    [call] = slack_api.wait_for("response_url")
    assert call.body["replace_original"] is True
    assert national_payment("20610")[0] in all_text(call.body)
    assert find_action(call.body["blocks"], "rvu_share") is None  # everyone already sees it
