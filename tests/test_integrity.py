"""粘贴: replies faster than typing or bracket-pasted are marked for the teacher (grades, exports,
the review queue), judged at collect time from the reply and its times (a forged
``"pasted": false`` hides nothing), and never shown to students (board, report page)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

from exam_helpers import as_typed, read, run, scenario_script, take, write, write_exam

PASTE = "粘贴"


def sitting(tmp_path, extra=""):
    exam = write_exam(tmp_path, extra=extra)
    out = tmp_path / "out"
    good = scenario_script("good")
    assert take(exam, "s01", good, out, name="王小明").exit_code == 0
    path = out / "mid1-s01.kefu.json"
    as_typed(path, 8.0)  # typed at a human pace: nothing is marked yet
    return exam, out, path


def edit_turns(path, change):
    data = read(path)
    turns = [t for t in data["sittings"][0]["transcripts"][0]["turns"] if "reply" in t]
    change(turns)
    write(path, data)


def fast(turn, seconds=0.4):
    sent = datetime.fromisoformat(turn["reply_at"].replace("Z", "+00:00"))
    turn["shown_at"] = (sent - timedelta(seconds=seconds)).astimezone(timezone.utc).isoformat()
    turn["latency"] = seconds


def test_fast_and_bracket_pasted_replies_are_marked_for_the_teacher_only(tmp_path, db_url):
    exam, out, path = sitting(tmp_path)

    def change(turns):
        fast(turns[0])
        turns[0]["pasted"] = False  # a forged flag does not clear a reply that came too fast
        turns[1]["pasted"] = True  # the terminal saw a bracketed paste

    edit_turns(path, change)
    assert run("exam", "collect", exam, out, "--json").exit_code == 0
    sheet = json.loads(run("grades", "mid1", "--json").stdout)
    [detail] = sheet["detail"]
    assert detail["pasted"] == [1, 2]
    assert sheet["students"][0]["pasted"] == 2
    assert any(PASTE in f for f in detail["flags"])
    shown = run("grades", "mid1")
    assert PASTE in shown.output and "王小明" in shown.output
    csv_file, xlsx_file = tmp_path / "g.csv", tmp_path / "g.xlsx"
    assert run("grades", "mid1", "--export", csv_file, "--export", xlsx_file).exit_code == 0
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    column = rows[0].index(PASTE)
    assert next(r for r in rows if r[0] == "s01")[column] == "2"
    from openpyxl import load_workbook

    cells = [[c.value for c in row] for ws in load_workbook(xlsx_file).worksheets
             for row in ws.iter_rows()]
    assert any("1, 2" in row and "s01" in row for row in cells)  # the conversation's row
    items = json.loads(run("grades", "review", "mid1", "--json").stdout)["items"]
    marked = {it["turn"] for it in items if "pasted" in it["reasons"]}
    assert marked == {1, 2}
    # never shown to students: the board and the student's own report page
    board = run("leaderboard", "--exam", "mid1")
    assert board.exit_code == 0 and PASTE not in board.output
    page = tmp_path / "s01.html"
    assert run("report", "mid1", "s01", "--html", page).exit_code == 0
    assert PASTE not in page.read_text(encoding="utf-8")


def test_human_typing_is_not_marked_and_the_exam_sets_the_speed(tmp_path, db_url):
    exam, out, path = sitting(tmp_path)
    assert run("exam", "collect", exam, out, "--json").exit_code == 0
    [detail] = json.loads(run("grades", "mid1", "--json").stdout)["detail"]
    assert detail["pasted"] == [] and not any(PASTE in f for f in detail["flags"])

    strict = tmp_path / "strict"
    strict.mkdir()
    exam, out, path = sitting(strict, extra="paste_cps: 1\n")  # 8 s is too fast for 1 字/秒
    assert run("exam", "collect", exam, out, "--json", "--db",
               f"sqlite:///{strict / 'g.db'}").exit_code == 0
    [detail] = json.loads(run("grades", "mid1", "--json", "--db",
                              f"sqlite:///{strict / 'g.db'}").stdout)["detail"]
    long = [n for n, r in enumerate(scenario_script("good"), 1) if len(r) >= 10]
    assert long and detail["pasted"] == long
