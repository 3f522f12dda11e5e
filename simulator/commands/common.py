"""Helpers shared by the command modules: error handling and JSON output."""

from __future__ import annotations

import functools
import json
import sys

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t


def emit_json(obj) -> None:
    emit_json_text([json.dumps(obj, ensure_ascii=False, allow_nan=False)])


def emit_json_text(parts: list[str]) -> None:
    """JSON text made as :func:`emit_json` makes it (``ensure_ascii=False``, no NaN), in
    parts written one after the other (a school's grade sheet: never one 70 MB string)."""
    from ..streams import json_text

    for part in parts:
        sys.stdout.write(json_text(part))
    sys.stdout.write("\n")
    sys.stdout.flush()


def fail(message: str, code: Exit = Exit.BAD_INPUT):
    from .. import ui

    ui.error(message)
    raise typer.Exit(int(code))


_ENCODING_SAID: set[str] = set()


def say_encoding(path: str, encoding: str) -> None:
    """A file read as GBK (or UTF-16) is named once, on stderr."""
    if path in _ENCODING_SAID:
        return
    _ENCODING_SAID.add(path)
    from .. import ui

    ui.warning(t("warn.encoding", path=path if path != "-" else "stdin",
                 encoding=encoding.upper()))


class _NeverRaised(Exception):
    pass


def _loaded(module: str, name: str) -> type[BaseException]:
    """The exception class ``module.name`` if that module was imported, else a class nothing
    raises: an exception can only come from a module that was loaded, so a command need not
    import YAML (scoring.datafile) or the session just to be able to report their errors."""
    found = sys.modules.get(module)
    return getattr(found, name) if found is not None else _NeverRaised


def handles_errors(fn):
    """Turn domain errors into a message on stderr and an exit code (never a traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from scoring.textfile import set_listener

        set_listener(say_encoding)
        try:
            return fn(*args, **kwargs)
        except _loaded("scoring.datafile", "DataError") as exc:
            from .. import ui

            ui.problems(t("err.data"), exc.problems)
            raise typer.Exit(int(Exit.BAD_INPUT)) from None
        except KefuError as exc:
            fail(exc.message, exc.code)
        except _loaded("simulator.session", "TranscriptError") as exc:
            fail(exc.message() if hasattr(exc, "problems") else str(exc), Exit.BAD_INPUT)
        except KeyboardInterrupt:  # a pause, not an error: everything sent is on disk
            from .. import ui

            ui.paused(t("err.interrupted"))
            raise typer.Exit(int(Exit.INTERRUPTED)) from None
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. a data folder that cannot be created or written
            why = exc.strerror or str(exc)
            fail(t("err.os", path=exc.filename, why=why) if exc.filename else
                 t("err.os_no_path", why=why),
                 Exit.BAD_INPUT)

    return wrapper


def load_judge(overlay: str | None = None, weights: dict | None = None):
    from scoring.judge import Judge

    from ..i18n import language

    return Judge(overlay=overlay, weights=weights, lang=language())


def find_scenario(ref: str, extra: list[str] | None = None):
    from scenarios.loader import find

    try:
        return find(ref, extra)
    except LookupError:
        raise KefuError(t("err.no_scenario", ref=ref), Exit.NOT_FOUND) from None


DbOption = typer.Option(None, "--db", metavar="URL", envvar="KEFU_DB", help=t("opt.db"))


def command_env(ctx):
    """The :class:`~simulator.env.Env` the entry point built (``ctx.obj``, see
    :func:`simulator.clickgroup.command_class`); the process's own when a command is called another
    way."""
    from ..env import Env

    env = getattr(ctx, "obj", None)
    return env if isinstance(env, Env) else Env.from_process()


def open_gradebook(url: str | None = None, create: bool = True):
    """The gradebook at ``url`` (``--db``/``KEFU_DB``), else the default SQLite file.
    Commands that only read pass ``create=False``: they never create a database."""
    from ..storage import Gradebook

    return Gradebook.open(url, create=create)


def scenario_bank(dirs) -> dict:
    """Every scenario (built-in and teacher folders) by id, loaded once per command."""
    from scenarios.loader import load_all

    return {s.id: s for s in load_all(dirs)[0]}


class LazyBank:
    """The scenario bank as :func:`scenario_bank` has it, loading a scenario only when asked
    for by id (a grade sheet needs its exam's ten, not the whole bank): the first file, in
    :func:`scenarios.loader.load_all`'s order, that loads with that id; only the files whose
    text holds the id are parsed. ``get`` only, and :meth:`deals`."""

    def __init__(self, dirs):
        self.dirs, self.found = dirs, {}

    def get(self, sid: str, default=None):
        if sid not in self.found:
            self.found[sid] = self._find(sid)
        found = self.found[sid]
        return default if found is None else found

    def _find(self, sid):
        from scenarios.loader import load_scenario, scenario_dirs
        from scoring.datafile import DataError, read_source

        if not isinstance(sid, str):
            return None
        for folder, builtin in scenario_dirs(self.dirs):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                try:  # a file that never spells the id cannot be that scenario
                    if sid not in read_source(path).text:
                        continue
                    scenario = load_scenario(path, builtin)
                except DataError:
                    continue  # load_all skips it too
                if scenario.id == sid:
                    return scenario
        return None

    def deals(self) -> _LazyDeals:
        return _LazyDeals(self)


class _LazyDeals:
    """:func:`simulator.metrics.deal_table` of a :class:`LazyBank`, one scenario at a time."""

    def __init__(self, bank: LazyBank):
        self.bank, self.found = bank, {}

    def get(self, sid: str, default=None):
        if sid not in self.found:
            from ..metrics import scenario_deals

            scenario = self.bank.get(sid)
            deals = {} if scenario is None else scenario_deals(scenario)
            self.found[sid] = deals or None
        found = self.found[sid]
        return default if found is None else found


def metrics_context(book, exam_id: str, bank) -> tuple[dict, float | None, float | None]:
    """What the service metrics of an exam need: the bank's deal values (``bank``: a dict by
    id, or a :class:`LazyBank`, which loads only the scenarios asked for), and the exam's
    per-reply limit and 粘贴 speed (``paste_cps``) as its stored definition sets them (None
    when unset or the exam is unknown)."""
    from ..exam.definition import exam_timing
    from ..metrics import deal_table

    record = book.exam(exam_id)
    limit, cps = (None, None) if record is None else exam_timing(record.yaml_text,
                                                                 f"{record.id}.yaml")
    return (bank.deals() if isinstance(bank, LazyBank) else deal_table(bank)), limit, cps


def resolve_exam(book, ref: str, bank: dict):
    """EXAM as a definition file, or the id of an exam in the gradebook (its stored YAML);
    either way the exam must be in the gradebook."""
    from pathlib import Path

    from ..exam import load_exam, parse_exam_text

    if Path(ref).is_file():
        exam = load_exam(ref, bank=list(bank.values()))
        if book.exam(exam.id) is None:
            raise KefuError(t("err.db_no_exam", id=exam.id), Exit.NOT_FOUND)
        return exam
    record = book.exam(ref)
    if record is None:
        raise KefuError(t("err.db_no_exam", id=ref), Exit.NOT_FOUND)
    return parse_exam_text(record.yaml_text, f"{record.id}.yaml", list(bank.values()))


def write_new_file(text: str, out: str | None, written_key: str) -> None:
    """``kefu ... new``: the template goes to ``--out`` (never over an existing file) or,
    without it, to standard output."""
    if out is None:
        sys.stdout.write(text)
        return
    from pathlib import Path

    from .. import ui
    from ..files import atomic_write_text

    if Path(out).exists():
        raise KefuError(t("err.exists", path=out), Exit.CONFLICT)
    atomic_write_text(out, text)
    ui.info(t(written_key, path=out), "green")

