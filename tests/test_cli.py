"""`rvubot` as a person runs it: real processes, real exit codes, one-line errors."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rvubot(*args, env=None, stdin=None, data_dir=None):
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    environment["RVUBOT_DATA"] = str(data_dir)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=120)


@pytest.fixture
def empty(tmp_path):
    return tmp_path / "fresh"


@pytest.fixture(scope="module")
def imported(tmp_path_factory, rvu25d_dir):
    data = tmp_path_factory.mktemp("imported")
    result = rvubot("data", "import", str(rvu25d_dir), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "Imported RVU25D: 16,851 codes in 19,090 rows" in result.stdout
    assert "stored 19,090 pprrvu rows" in result.stderr  # progress is shown
    return data


def test_fresh_machine_answers_from_shipped_facts(empty):
    result = rvubot("ask", "what is 96406", data_dir=empty)
    assert result.returncode == 0, result.stderr
    assert "96406" in result.stdout
    assert "RVU26A" in result.stdout and "shipped with the bot" in result.stdout
    assert "$131.93" in result.stdout  # 3.95 × 33.4009


def test_json_after_importing_rvu25d(imported):
    result = rvubot("ask", "--json", "what is 96406", data_dir=imported)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["intent"] == "describe" and answer["codes"] == ["96406"]
    facts = answer["facts"]["96406"]
    assert facts["release"] == "RVU25D"
    assert facts["work_rvu"] == 0.80
    assert (facts["total_rvu_nonfacility"], facts["total_rvu_facility"]) == (3.77, 1.32)
    assert (facts["payment_nonfacility"], facts["payment_facility"]) == (121.95, 42.70)
    assert "$121.95" in answer["text"]


def test_release_flag_picks_the_shipped_2026_figures(imported):
    result = rvubot("ask", "--json", "--release", "RVU26A", "what is 96406", data_dir=imported)
    facts = json.loads(result.stdout)["facts"]["96406"]
    assert (facts["total_rvu_nonfacility"], facts["total_rvu_facility"]) == (3.95, 1.12)
    assert facts["qp_conversion_factor"] == 33.5675


def test_unknown_release_is_a_one_line_error(imported):
    result = rvubot("ask", "--release", "RVU19Z", "what is 96406", data_dir=imported)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no release named RVU19Z" in result.stderr


def test_batch_mode_answers_each_line_in_order(imported):
    questions = "what is 99213\nrvu 99214\n\nwho bills 96406\ncode for knee injection\n"
    result = rvubot("ask", "--json", stdin=questions, data_dir=imported)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["intent"] for a in lines] == ["describe", "rvu", "help", "specialty", "find_code"]
    assert lines[0]["codes"][0] == "99213" and lines[1]["codes"][0] == "99214"
    assert lines[4]["codes"][0] in ("20610", "20611")


@pytest.mark.parametrize("question", ["what is 99999", "what is ABCDE"])
def test_unknown_code_is_a_human_error_with_nonzero_exit(imported, question):
    result = rvubot("ask", question, data_dir=imported)
    assert result.returncode == 1
    assert "I don't know" in result.stdout or "couldn't find" in result.stdout
    assert "Traceback" not in result.stderr


def test_empty_and_oversized_questions(empty):
    empty_result = rvubot("ask", "   ", data_dir=empty)
    assert empty_result.returncode == 2 and "empty" in empty_result.stderr
    big = rvubot("ask", "x" * 10240, data_dir=empty)
    assert big.returncode == 2 and "10,240 bytes" in big.stderr
    assert big.stderr.strip().count("\n") == 0


def test_control_characters_and_non_ascii(empty):
    result = rvubot("ask", "what\x07 is\x1b[31m 96406 ¿qué es?", data_dir=empty)
    assert result.returncode == 0, result.stderr
    assert "96406" in result.stdout


def test_database_that_cannot_be_opened(empty, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = rvubot("ask", "what is 96406", env={"DATABASE_URL": f"sqlite:///{blocker}/x/rvubot.db"}, data_dir=empty)
    assert result.returncode == 2
    assert result.stderr.startswith("rvubot: cannot") and result.stderr.strip().count("\n") == 0


def test_import_errors_are_one_line(empty, tmp_path):
    missing = rvubot("data", "import", str(tmp_path / "nope.zip"), data_dir=empty)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    folder = tmp_path / "empty-bundle"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello")
    none = rvubot("data", "import", str(folder), data_dir=empty)
    assert none.returncode == 2 and "no PPRRVU file" in none.stderr


def test_status_lists_releases_newest_first(imported):
    result = rvubot("data", "status", data_dir=imported)
    assert result.returncode == 0
    lines = [line for line in result.stdout.splitlines() if "release)" in line]
    assert lines[0].startswith("* RVU25D") and "with localities" in lines[0]
    assert any("RVU26A" in line and "shipped" in line for line in lines[1:])
