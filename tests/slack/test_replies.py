"""The pure pieces: Slack text -> question, `/rvu` sub-commands, button values, message limits."""
from __future__ import annotations

import pytest

from bot.config import load_settings
from bot.deps import Deps
from bot.replies import Asked, answer_message, ask, picked
from bot.slack_text import locality_options, parse_locality, parse_slash, question_text, split_release
from tests.slack.harness import find_action


def test_question_text_undoes_slack_markup():
    text = "<@U0BOT> what is 96406 &amp; <https://cms.gov|the CMS page> in <#C123|billing> &lt;b&gt; <!channel>"
    assert question_text(text, "U0BOT") == "what is 96406 & the CMS page in #billing <b> <!channel>"
    assert question_text("<@U0BOT|rvubot>", "U0BOT") == ""
    assert question_text("<mailto:a@b.org>", None) == "mailto:a@b.org"


def test_slash_sub_commands():
    assert parse_slash("").kind == "help"
    assert parse_slash("HELP").kind == "help"
    assert parse_slash("help with 99213").kind == "question"
    assert (parse_slash("tips on 9:00").kind, parse_slash("tips on 9:00").rest) == ("tips", "on 9:00")
    assert parse_slash("locality channel 10001").rest == "channel 10001"
    assert parse_slash("compare 99213 99214").kind == "question"
    assert parse_slash("tipsy codes").kind == "question"


def test_locality_sub_command():
    assert parse_locality("10001").action == "set"
    channel = parse_locality("channel Manhattan")
    assert (channel.scope, channel.value) == ("channel", "Manhattan")
    assert parse_locality("off").action == "clear"
    assert parse_locality("channel").action == "show"
    assert parse_locality("<!channel>") is None
    assert locality_options("10001-1234") == {"zip_code": "10001"}
    assert locality_options("13202-01") == {"locality": "13202-01"}
    assert locality_options(None) == {}


def test_release_prefix():
    assert split_release("release rvu25d what is 96406", {"RVU25D": 1}) == ("RVU25D", "what is 96406")
    assert split_release("what is 96406", {"RVU25D": 1}) == (None, "what is 96406")
    assert split_release("release nope 99213", {}) == ("NOPE", "99213")


def test_button_values_stay_under_slacks_limit_and_reject_forgeries():
    asked = Asked("é" * 4000 + " 99213", "RVU25D", {"zip_code": "10001"}, 10)
    value = asked.to_value()
    assert len(value) < 2000
    back = Asked.from_value(value)
    assert (back.release, back.options, back.shown) == ("RVU25D", {"zip_code": "10001"}, 10)
    for forged in ("", "[]", '{"q": 1}', '{"q": "x", "o": {"token": "x"}}', '{"q": "x", "n": 100000}', "{bad"):
        with pytest.raises(ValueError):
            Asked.from_value(forged)
    assert picked('{"c": "99213", "r": null}') == ("99213", None)
    with pytest.raises(ValueError):
        picked('{"c": "<!channel>"}')


@pytest.fixture
def deps(answerer_25d, tmp_path):
    from intents.storage import open_engine

    settings = load_settings({"RVUBOT_DATA": str(tmp_path)})
    return Deps(settings, answerer_25d, open_engine(f"sqlite:///{tmp_path / 'r.db'}"))


def test_a_mistyped_code_offers_did_you_mean(deps):
    asked = Asked("what is 99999")
    message = answer_message(ask(deps, asked), asked, ephemeral=False)
    picker = find_action(message["blocks"], "rvu_pick")
    assert picker is not None and picker["placeholder"]["text"].startswith("Did you mean")
    assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in picker["options"])


def test_a_very_long_answer_fits_one_message(deps):
    asked = Asked("rvu 99202-99255", shown=500)
    answer = ask(deps, asked)
    answer.items = answer.items * 3  # more sections than one Slack message may hold
    assert len(answer.items) > 60
    message = answer_message(answer, asked, ephemeral=True, echo=True)
    assert len(message["blocks"]) <= 50
    assert find_action(message["blocks"], "rvu_share") is not None  # the buttons survive the cut
    assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"] if b["type"] == "section")
    assert len(message["text"]) <= 4000
