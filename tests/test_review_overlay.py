"""kefu lexicon overlay --from-reviews: the overlay loads, passes the overlay meta-tests, and
a new exam that uses it reproduces the teacher's decisions; conflicts are reported."""

from __future__ import annotations

import json

import yaml
from exam_helpers import SCENARIO, run, take, write_exam

REPLIES = ["不打折", "嗯"]


def decide(action, turn, reason, student="s01"):
    result = run("grades", "review", "mid1", "--decide", action, "--student", student,
                 "--scenario", SCENARIO, "--turn", turn, "--reason", reason, "--by", "张老师")
    assert result.exit_code == 0, result.output


def forbidden_of(exam_id, student):
    data = json.loads(run("grades", exam_id, "--json").stdout)
    return next(d for d in data["detail"] if d["student"] == student)["dimensions"]["forbidden"]


def test_overlay_from_reviews_reproduces_the_decisions_on_a_new_exam(tmp_path, db_url):
    from scoring.verify import load_checked_lexicon

    exam = write_exam(tmp_path)
    assert take(exam, "s01", REPLIES, tmp_path / "out").exit_code == 0
    assert run("exam", "collect", exam, tmp_path / "out").exit_code == 0
    assert forbidden_of("mid1", "s01") == 70  # 不打折 flagged, 嗯 not
    decide("wrong_flag:refusal.no_discount", 1, "班里约定:单说不打折只扣礼貌分")
    decide("forbidden:refusal", 2, "赶顾客去别家")
    decide("comment", 2, "先道歉")  # comments are not wording: not in the overlay
    overlay = tmp_path / "class.yaml"
    result = run("lexicon", "overlay", "--from-reviews", "mid1", "-o", overlay, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rules"] == 2 and not report["conflicts"] and not report["not_reproduced"]
    doc = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    rule = doc["add"]["forbidden"][0]
    assert rule["kind"] == "refusal" and rule["examples"] == ["嗯"]
    assert rule["not"] == ["不打折"]  # the cleared reply is its look-alike
    assert doc["add"]["allow"][0]["examples"] == ["不打折"]
    load_checked_lexicon(str(overlay))  # the overlay meta-tests: examples caught, look-alikes not
    # a new exam with the overlay: another student writes the same, no review needed
    exam2 = write_exam(tmp_path, "mid2", extra=f"lexicon_overlay: {overlay.name}\n")
    assert take(exam2, "s02", REPLIES, tmp_path / "out2").exit_code == 0
    assert run("exam", "collect", exam2, tmp_path / "out2").exit_code == 0
    reviewed = json.loads(run("grades", "mid1", "--json").stdout)["detail"][0]["dimensions"]
    assert forbidden_of("mid2", "s02") == reviewed["forbidden"] == 70  # one refusal, the other
    review = json.loads(run("grades", "review", exam2, "--json").stdout)  # (overlay: by file)
    rules = {(it["turn"], m["rule"]) for it in review["items"] for m in it["marks"]}
    assert (2, "review.refusal.1") in rules and (1, "refusal.no_discount") not in rules


def test_conflicting_decisions_are_reported_not_merged(tmp_path, db_url):
    exam = write_exam(tmp_path)
    for student in ("s01", "s02"):
        assert take(exam, student, REPLIES, tmp_path / "out").exit_code == 0
    assert run("exam", "collect", exam, tmp_path / "out").exit_code == 0
    decide("wrong_flag:refusal.no_discount", 1, "不算", "s01")
    decide("forbidden:refusal", 1, "算拒绝", "s02")  # the same words, judged the other way
    decide("forbidden:blame", 2, "推给别家", "s01")
    overlay = tmp_path / "class.yaml"
    result = run("lexicon", "overlay", "--from-reviews", "mid1", "-o", overlay, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["conflicts"]) == 1
    pair = report["conflicts"][0]
    assert {pair["a"]["reason"], pair["b"]["reason"]} == {"不算", "算拒绝"}
    doc = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    assert [r["kind"] for r in doc["add"]["forbidden"]] == ["blame"] and "allow" not in doc["add"]
    shown = run("lexicon", "overlay", "--from-reviews", "mid1", "-o", overlay)
    assert "互相矛盾" in shown.output and "算拒绝" in shown.output


def test_unknown_exam(tmp_path, db_url):
    result = run("lexicon", "overlay", "--from-reviews", "nope", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 3 and not (tmp_path / "x.yaml").exists()
