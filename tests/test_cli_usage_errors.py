"""Mistyped commands get click's usage errors in the interface language, with exit code 2."""

import pytest


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["grades", "adjust", "mid1", "s02", "--points", "5"], "错误:缺少选项 --reason",
         "Error: Missing option --reason."),
        (["exam", "new", "-x"], "错误:没有这个选项:-x", "Error: No such option: -x"),
        (["drilll"], "错误:没有这个命令:drilll(您是不是要用 'drill'?)",
         "Error: No such command: drilll (did you mean 'drill'?)"),
        (["scenarios", "show"], "错误:缺少参数 ID", "Error: Missing argument ID."),
        (["scenarios", "show", "a", "b"], "错误:多余的参数:b", "Error: Unexpected extra arguments: b"),
        (["drill", "--seed"], "错误:选项 --seed 需要一个值", "Error: Option --seed requires a value."),
    ],
)
def test_usage_errors_are_translated(kefu, args, zh, en):
    chinese = kefu(*args)
    assert chinese.returncode == 2
    assert chinese.stderr.splitlines()[-1] == zh
    assert "Traceback" not in chinese.stderr
    english = kefu("--lang", "en", *args)
    assert english.returncode == 2
    assert english.stderr.splitlines()[-1] == en


def test_usage_error_shows_the_usage_line_and_where_to_get_help(kefu):
    lines = kefu("grades", "adjust", "mid1", "s02", "--points", "5").stderr.splitlines()
    assert lines[0].startswith("用法: kefu grades adjust")
    assert lines[1] == "用 'kefu grades adjust -h' 查看帮助。"


def test_bare_command_prints_help_not_an_error(kefu):
    result = kefu()
    assert result.returncode == 2
    assert "命令:" in result.stderr and "错误" not in result.stderr


def test_successful_and_failing_commands_keep_their_exit_codes(kefu):
    assert kefu("--version").returncode == 0
    assert kefu("scenarios", "show", "no_such_scenario").returncode == 3


def test_in_process_runs_the_cli_users_run():
    """CliRunner tests see the `kefu` users run (issue 13): its name, its translated usage
    errors and their exit code — not click's English under the name 'root'."""
    from typer.testing import CliRunner

    from simulator.cli import get_app

    result = CliRunner().invoke(get_app(), ["exam", "new", "-x"])
    assert result.exit_code == 2
    assert "用法: kefu exam new" in result.output
    assert result.output.splitlines()[-1] == "错误:没有这个选项:-x"
    assert "root" not in result.output and "Usage" not in result.output
