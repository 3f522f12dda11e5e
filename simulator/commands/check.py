"""``kefu check`` (one reply or a batch) and ``kefu score`` (saved transcripts)."""

from __future__ import annotations

import sys

import typer

from ..exitcodes import Exit
from ..i18n import t
from .common import emit_json, handles_errors, load_judge
from .root import app


@app.command("check", help=t("check.help"))
@handles_errors
def check_cmd(
    texts: list[str] = typer.Argument(None, metavar="[TEXT]...", help=t("arg.check_texts")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.check_json")),
    overlay: str = typer.Option(None, "--overlay", metavar="FILE", help=t("opt.overlay")),
) -> None:
    judge = load_judge(overlay)
    if not texts or texts == ["-"]:
        texts = (line.rstrip("\r\n") for line in sys.stdin)
    from scoring.intents import library

    lib = library()
    find = lib.find
    if json_out:
        _check_json(judge, find, texts)
        return
    from .. import ui

    for text in texts:
        result = judge.check(text)
        ui.check_result(result.to_json() | {"intents": [
            h.to_json() | {"label": lib.by_id[h.intent].label}
            for h in find(result.norm, result.politeness)]})


def _check_json(judge, find, texts) -> None:
    """One JSON line per reply. A repeated line (batches repeat "好的", "亲,在的") is written as
    it was the first time: the output depends on the text alone."""
    import gc

    from scoring.intents import intents_json

    from ..streams import is_unicode, json_text

    write = sys.stdout.write
    if not is_unicode(sys.stdout):  # GBK: what it cannot hold as JSON escapes
        def write(line: str) -> None:
            sys.stdout.write(json_text(line))
    check = judge.check
    seen: dict[str, str] = {}
    gc.freeze()  # the lexicons stay loaded for the whole batch: collections need not walk them
    try:
        for text in texts:
            line = seen.get(text)
            if line is None:
                result = check(text)
                intents = intents_json(find(result.norm, result.politeness))
                line = f'{result.to_json_line()[:-1]}, "intents": {intents}}}\n'
                if len(text) <= _SEEN_LENGTH:
                    if len(seen) >= _SEEN_SIZE:
                        seen.clear()
                    seen[text] = line
            write(line)
    finally:
        gc.unfreeze()


_SEEN_SIZE = 20_000  # lines whose output kefu check --json keeps (then forgets all at once)
_SEEN_LENGTH = 400  # characters: longer lines are not kept


@app.command("score", help=t("score.help"))
@handles_errors
def score_cmd(
    paths: list[str] = typer.Argument(..., metavar="TRANSCRIPT...", help=t("arg.transcripts")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    overlay: str = typer.Option(None, "--overlay", metavar="FILE", help=t("opt.overlay")),
) -> None:
    from scenarios.loader import find

    from ..session import TranscriptError, TranscriptFileError, load_transcript, score_transcript

    judge = load_judge(overlay)
    results, failed = [], False
    for path in paths:
        try:
            transcript = load_transcript(path)
            scenario = find(transcript.scenario.id)
        except (TranscriptError, LookupError) as exc:
            failed = True
            from .. import ui

            if isinstance(exc, TranscriptFileError):
                ui.problems(t("file.problems", path=path, n=len(exc.problems)), exc.lines())
            else:
                ui.error(t("err.bad_transcript", path=path, why=str(exc)))
            continue
        data = transcript.to_json()
        score = score_transcript(data, scenario, judge)
        stale = transcript.scenario.hash != scenario.content_hash
        results.append({"path": path, "scenario": scenario.id, "score": score,
                        "scenario_changed": stale})
        if not json_out:
            from .. import ui

            ui.info(t("score.file", path=path, scenario=scenario.id), style="bold")
            if stale:
                ui.warning(t("score.scenario_changed", scenario=scenario.id))
            outcome = data["outcome"]
            ui.report_card({"outcome": outcome, "score": score, "turns": data["turns"],
                            "closing": (outcome or {}).get("closing")})
    if json_out:
        for r in results:
            emit_json(r)
    if failed:
        raise typer.Exit(int(Exit.BAD_INPUT))
