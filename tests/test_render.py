"""Rendering: Block Kit limits, escaping, and plain text, on shipped data (runs anywhere)."""
import json

import pytest

from bot.render import escape_mrkdwn, render_blocks, render_text
from intents.answer import build_answerer
from intents.storage import open_engine


@pytest.fixture(scope="module")
def shipped():
    return build_answerer(open_engine("sqlite://"))


def _check_limits(blocks):
    assert 0 < len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


@pytest.mark.parametrize("question", ["what is 99214", "99202-99215", "compare 99214", "who bills 96406",
                                      "help", "what is 99999", "code for knee injection", "global days for 27447"])
def test_block_kit_limits(shipped, question):
    blocks, text = render_blocks(shipped.answer(question))
    _check_limits(blocks)
    assert text and len(text) <= 4000
    json.dumps(blocks)


def test_user_text_is_escaped_in_mrkdwn(shipped):
    answer = shipped.answer("code for <!channel> & <@U123> zzqx")
    blocks, text = render_blocks(answer)
    dumped = json.dumps(blocks) + text
    assert "<!channel>" not in dumped and "<@U123>" not in dumped
    answer.notices = [{"kind": "no_match", "subject": "<!here> & <@U1>"}]
    blocks, text = render_blocks(answer)
    dumped = json.dumps(blocks) + text
    assert "<!here>" not in dumped and "&lt;!here&gt;" in dumped


def test_escape():
    assert escape_mrkdwn("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_plain_text_has_no_markup(shipped):
    text = render_text(shipped.answer("what is 99214"))
    assert "*" not in text and "99214" in text and "Global period" in text


def test_code_answer_shows_everything_a_coder_needs(shipped):
    text = render_text(shipped.answer("what is 27447"))
    for piece in ("RVUs: work", "Totals:", "National Medicare payment", "Global period: 090", "Status: A",
                  "Compared with peers", "Documentation tip", "Data: RVU26A"):
        assert piece in text, piece


def test_code_deleted_in_the_newest_release_says_so(shipped):
    # 37225 is in RVU25D but not in RVU26A (both shipped).
    answer = shipped.answer("rvu 37225")
    assert answer.facts["37225"]["release"] == "RVU25D"
    assert {"kind": "missing_from_newest", "code": "37225", "newest": "RVU26A", "used": "RVU25D"} in answer.notices
    assert "not in RVU26A" in render_text(answer)
