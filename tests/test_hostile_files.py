"""Hostile and damaged files: a clear error naming the file (and line), never a traceback, never
NaN or Infinity in a score; one bad result file never stops a collect; files keep normal
permissions."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import uuid

import pytest
from exam_helpers import SCENARIO, read, run, scenario_script, take, write, write_exam

from scenarios.loader import BUILTIN_DIR
from simulator.storage import Gradebook

HUGE = "1" * 4301  # Python refuses to convert more digits than 4300


# ---- numbers in YAML: NaN, infinities, negatives, 4,301 digits -----------------------------
@pytest.mark.parametrize("extra, field", [
    ("weights:\n  politeness: .nan\n", "weights.politeness"),
    ("weights:\n  politeness: .inf\n", "weights.politeness"),
    ("weights:\n  forbidden: -5\n", "weights.forbidden"),
    (f"weights:\n  forbidden: {HUGE}\n", "yaml"),
])
def test_bad_weights_are_validation_errors(tmp_path, kefu, extra, field):
    exam = write_exam(tmp_path, extra=extra)
    result = kefu("exam", "validate", exam)
    assert result.returncode == 2, result.stdout
    assert f"{exam}:" in result.stderr and field in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("limit", [".nan", "-.inf", ".inf", "-30", HUGE])
def test_bad_time_limits_are_validation_errors(tmp_path, kefu, limit):
    exam = tmp_path / "mid1.yaml"
    exam.write_text("schema_version: 1\nid: mid1\ntitle: 期中\n"
                    f"scenarios:\n  - {SCENARIO}\nseed: 1\n"
                    f"time_limit:\n  per_reply: {limit}\n", encoding="utf-8")
    line = f"{exam}:8:"
    validate = kefu("exam", "validate", exam)
    assert validate.returncode == 2 and line in validate.stderr, validate.stderr
    rfile = tmp_path / "r.txt"
    rfile.write_text("您好\n", encoding="utf-8")
    taken = kefu("exam", "take", exam, "--student", "s1", "--name", "王", "--class", "1班",
                 "--out", tmp_path / "out", "--replies", rfile)
    assert taken.returncode == 2 and line in taken.stderr
    assert "Traceback" not in validate.stderr + taken.stderr


def test_a_4301_digit_integer_in_a_scenario_file(tmp_path, kefu):
    text = (BUILTIN_DIR / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
    path = tmp_path / "big.yaml"
    path.write_text(text.replace("patience: 60", f"patience: {HUGE}"), encoding="utf-8")
    assert f"patience: {HUGE}" in path.read_text(encoding="utf-8")
    result = kefu("scenarios", "validate", path)
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "Traceback" not in result.stderr


# ---- result files ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sitting(tmp_path_factory):
    home = tmp_path_factory.mktemp("sitting")
    exam = write_exam(home)
    assert take(exam, "s01", scenario_script("good"), home / "out").exit_code == 0
    return home


@pytest.fixture
def folder(sitting, tmp_path):
    """(exam file, a folder with s01's honest result file) — a private copy."""
    shutil.copytree(sitting, tmp_path / "x")
    return tmp_path / "x" / "mid1.yaml", tmp_path / "x" / "out"


def variant(out, student: str, change) -> str:
    """Another student's copy of s01's file (new transcript ids), changed by ``change``."""
    data = read(out / "mid1-s01.kefu.json")
    data["student"]["id"] = student
    for s in data["sittings"]:
        for tr in s["transcripts"]:
            tr["id"] = uuid.uuid4().hex
    change(data)
    name = f"mid1-{student}.kefu.json"
    if isinstance(data, dict):
        write(out / name, data)
    return name


def first_turn(data) -> dict:
    return data["sittings"][0]["transcripts"][0]["turns"][0]


def strict_json(text: str):
    """JSON as any other program reads it: NaN and Infinity are not numbers."""

    def refuse(name):
        raise AssertionError(f"{name} in the output")

    return json.loads(text, parse_constant=refuse)


def collect_json(exam, out):
    result = run("exam", "collect", exam, out, "--json")
    assert "Traceback" not in result.output
    return result, {r["file"].rsplit("/", 1)[-1]: r for r in strict_json(result.stdout)["files"]}


@pytest.mark.parametrize("change", [
    lambda d: d["sittings"][0].update(started_at="0001-01-01T00:00:00+05:00"),
    lambda d: d["sittings"][0].update(started_at="9999-12-31T23:59:59-05:00"),
    lambda d: d["sittings"][0]["transcripts"][0].update(finished_at="2026-13-45T00:00:00Z"),
    lambda d: first_turn(d).update(reply_at="yesterday"),
    lambda d: first_turn(d).update(latency=1e308),
    lambda d: d["sittings"][0]["transcripts"][0].update(seed=10**30),
], ids=["before-year-1", "after-9999", "month-13", "not-a-time", "huge-latency", "huge-seed"])
def test_one_bad_file_is_refused_by_name_and_the_rest_imported(folder, db_url, change):
    exam, out = folder
    bad = variant(out, "s02", change)
    result, files = collect_json(exam, out)
    assert result.exit_code == 1  # partly refused
    assert files["mid1-s01.kefu.json"]["status"] == "imported"
    assert files[bad]["status"] == "refused" and files[bad]["refused"]


def test_nan_and_infinity_in_a_result_file_are_refused(folder, db_url):
    exam, out = folder
    raw = (out / "mid1-s01.kefu.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    data["student"]["id"] = "s02"
    for tr in data["sittings"][0]["transcripts"]:
        tr["id"] = uuid.uuid4().hex
    text = json.dumps(data, ensure_ascii=False).replace('"latency": null', '"latency": Infinity',
                                                        1)
    assert "Infinity" in text
    (out / "mid1-s02.kefu.json").write_text(text, encoding="utf-8")
    (out / "mid1-s03.kefu.json").write_text(text.replace("Infinity", "NaN").replace(
        '"s02"', '"s03"'), encoding="utf-8")
    result, files = collect_json(exam, out)
    assert files["mid1-s02.kefu.json"]["status"] == "refused"
    assert files["mid1-s03.kefu.json"]["status"] == "refused"
    grades = run("grades", "mid1", "--json")
    assert grades.exit_code == 0
    strict_json(grades.stdout)


def test_a_transcript_id_reused_from_another_student_refuses_only_that_file(folder, db_url):
    exam, out = folder
    assert run("exam", "collect", exam, out).exit_code == 0
    stolen = read(out / "mid1-s01.kefu.json")  # s01's conversation, handed in as s02's
    stolen["student"]["id"] = "s02"
    write(out / "mid1-s02.kefu.json", stolen)
    variant(out, "s03", lambda d: None)
    result, files = collect_json(exam, out)
    assert result.exit_code == 1
    assert files["mid1-s02.kefu.json"]["status"] == "refused"
    assert "s01" in files["mid1-s02.kefu.json"]["refused"][0]
    assert files["mid1-s03.kefu.json"]["status"] == "imported"
    with Gradebook.open(db_url) as book:
        assert {a.student_id for a in book.attempts(exam_id="mid1")} == {"s01", "s03"}


def test_a_result_file_with_a_utf8_bom_is_accepted(folder, db_url):
    exam, out = folder
    path = out / "mid1-s01.kefu.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result, files = collect_json(exam, out)
    assert result.exit_code == 0 and files["mid1-s01.kefu.json"]["status"] == "imported"


def test_rerunning_take_on_a_file_with_a_bad_started_at(folder, kefu):
    exam, out = folder
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    data["sittings"][0]["started_at"] = "0001-01-01T00:00:00+05:00"
    write(path, data)
    rfile = out.parent / "r.txt"
    rfile.write_text("您好\n", encoding="utf-8")
    result = kefu("exam", "take", exam, "--student", "s01", "--name", "学生", "--class", "1班",
                  "--out", out, "--replies", rfile)
    assert result.returncode == 2, result.stderr
    assert str(path) in result.stderr and "started_at" in result.stderr
    assert "Traceback" not in result.stderr


def test_resume_on_a_transcript_with_a_bad_buyer_at(kefu):
    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator.paths import drills_dir
    from simulator.session import Session

    path = drills_dir() / "d1.json"
    Session.new(find(SCENARIO), 3, Judge(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["turns"][0]["buyer_at"] = "0001-01-01T00:00:00+05:00"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = kefu("resume")
    assert result.returncode == 2, result.stderr
    assert str(path) in result.stderr and "buyer_at" in result.stderr
    assert "Traceback" not in result.stderr


# ---- writing: permissions and errors that name the file ------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_files_kefu_writes_follow_the_umask(tmp_path, kefu, kefu_home):
    exam = write_exam(tmp_path)
    rfile = tmp_path / "r.txt"
    rfile.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    code = ("import os, sys, runpy; os.umask(0o022); sys.argv = ['kefu'] + sys.argv[1:]; "
            "runpy.run_module('simulator', run_name='__main__')")
    for args in (["exam", "take", str(exam), "--student", "s01", "--name", "王", "--class",
                  "1班", "--out", str(tmp_path / "out"), "--replies", str(rfile)],
                 ["drill", "-s", SCENARIO, "--replies", str(rfile)]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, env={**os.environ, "KEFU_HOME": str(kefu_home)})
        assert done.returncode == 0, done.stderr
    written = [tmp_path / "out" / "mid1-s01.kefu.json", *(kefu_home / "drills").glob("*.json")]
    assert len(written) == 2
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    # a file that exists keeps its mode when rewritten
    os.chmod(written[0], 0o640)
    from simulator.files import atomic_write_json

    atomic_write_json(written[0], read(written[0]))
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_a_file_too_large_error_names_the_file(tmp_path, kefu_home):
    import resource

    exam = write_exam(tmp_path)
    rfile = tmp_path / "r.txt"
    rfile.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    done = subprocess.run(
        [sys.executable, "-m", "simulator", "exam", "take", str(exam), "--student", "s01",
         "--name", "王", "--class", "1班", "--out", str(tmp_path / "out"), "--replies",
         str(rfile)], capture_output=True, text=True, preexec_fn=small_files,
        env={**os.environ, "KEFU_HOME": str(kefu_home)})
    assert done.returncode == 2, done.stderr
    assert str(tmp_path / "out" / "mid1-s01.kefu.json") in done.stderr
    assert "Traceback" not in done.stderr


# ---- empty and unreadable folders ----------------------------------------------------------
def test_collect_on_a_folder_without_result_files_says_so(tmp_path, db_url):
    exam = write_exam(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("x", encoding="utf-8")
    result = run("exam", "collect", exam, empty)
    assert result.exit_code == 1
    assert "没有成绩文件" in result.output and str(empty) in result.output


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="POSIX permission bits, which root ignores")
def test_collect_on_an_unreadable_folder_says_so(tmp_path, sitting, db_url):
    locked = tmp_path / "out"
    shutil.copytree(sitting / "out", locked)
    os.chmod(locked, 0o000)
    try:
        result = run("exam", "collect", sitting / "mid1.yaml", locked)
    finally:
        os.chmod(locked, 0o755)
    assert result.exit_code == 1, result.output
    assert str(locked) in result.output and "无法读取" in result.output


def test_scenarios_validate_on_a_folder_without_scenario_files(tmp_path, kefu):
    result = kefu("scenarios", "validate", tmp_path)
    assert result.returncode == 3
    assert "没有场景文件" in result.stderr and str(tmp_path) in result.stderr


# ---- database URLs: reading never creates, a URL that is not one is an error ---------------
@pytest.mark.parametrize("command", [("grades", "mid1"), ("leaderboard", "--exam", "mid1"),
                                     ("history", "--student", "s01"), ("exam", "regrade", "mid1")])
def test_reading_commands_never_create_a_database(tmp_path, kefu, command):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    result = kefu(*command, "--db", f"sqlite:///{target}")
    assert result.returncode == 3, result.stderr
    assert str(target) in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nonexistent").exists()
    here = tmp_path / "here.db"
    assert kefu(*command, "--db", here).returncode == 3 and not here.exists()


def test_a_database_url_that_is_not_one_is_an_error(tmp_path, kefu, sitting):
    for url in ("::garbage::", "mysql://u@h/db", "nosuffix"):
        result = subprocess.run([sys.executable, "-m", "simulator", "exam", "collect",
                                 str(sitting / "mid1.yaml"), str(sitting / "out"), "--db", url],
                                capture_output=True, text=True, cwd=tmp_path,
                                env={**os.environ, "KEFU_HOME": str(tmp_path / "home")})
        assert result.returncode == 2, (url, result.stderr)
        assert url in result.stderr and "数据库地址" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} <= {"home", "kefu_home"}


def test_collect_does_not_create_a_missing_folder_for_its_database(tmp_path, sitting):
    target = tmp_path / "nonexistent" / "x.db"
    result = run("exam", "collect", sitting / "mid1.yaml", sitting / "out", "--db", target)
    assert result.exit_code == 2 and str(tmp_path / "nonexistent") in result.output
    assert not (tmp_path / "nonexistent").exists()


def test_a_seed_too_large_for_the_gradebook_is_a_usage_error(kefu):
    result = kefu("drill", "-s", SCENARIO, "--seed", "1" + "0" * 30, "--replies", "-", "--json",
                  input="您好\n")
    assert result.returncode == 2 and "--seed" in result.stderr
    assert "Traceback" not in result.stderr
