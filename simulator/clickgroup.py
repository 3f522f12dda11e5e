"""The click group the ``kefu`` app is built on (:func:`command_class`): help in the catalogue's
words (``用法``, ``选项``, the ``--help`` option's own text), click's usage errors translated, the
program named ``kefu`` and exit codes as documented, whether it runs from the ``kefu`` script or
in a test's CliRunner.
"""

from __future__ import annotations

import sys

_HEADINGS = {"Options": "help.options", "Commands": "help.commands", "Arguments": "help.arguments"}
_MARKS = {"[default: ": "help.default", "[env var: ": "help.env_var", "[required]": "help.required"}


def _localised_context(base):
    """A click context whose help formatter takes its fixed words from the catalogue."""
    from .i18n import t

    def words(text: str) -> str:
        for mark, key in _MARKS.items():
            text = text.replace(mark, mark.replace(mark.strip("[]: "), t(key)))
        return text

    class Formatter(base.formatter_class):
        def write_usage(self, prog, args="", prefix=None):
            super().write_usage(prog, args, t("help.usage") if prefix is None else prefix)

        def write_heading(self, heading):
            super().write_heading(t(_HEADINGS[heading]) if heading in _HEADINGS else heading)

        def write_dl(self, rows, *args, **kwargs):
            super().write_dl([(term, words(text)) for term, text in rows], *args, **kwargs)

    class Context(base):
        formatter_class = Formatter

    return Context


def _localise_help(command, context=None) -> None:
    """Every command's help in the chosen language: click's own words (``Usage``, ``Options``,
    the ``--help`` option's text) come from the catalogue too."""
    from .i18n import t

    context = context or _localised_context(command.context_class)
    command.context_class = context
    original = command.get_help_option

    def get_help_option(ctx):
        option = original(ctx)
        if option is not None:
            option.help = t("opt.help")
            _lighten_param(option)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        _localise_help(sub, context)


_USAGE_ERRORS = (  # click's fixed English error texts → catalogue keys (+ a suggestion)
    (r"Missing (option|argument|parameter) '?(.+?)'?\.?$", "usage.missing"),
    (r"No such option: (\S+)(?: \(Possible options: (.+)\))?$", "usage.no_option"),
    (r"No such command '(.+)'\.(?: Did you mean (.+)\?)?$", "usage.no_command"),
    (r"Invalid value for '?(.+?)'?: (.+)$", "usage.invalid"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "usage.extra"),
    (r"Option '?(.+?)'? requires an argument\.?$", "usage.needs_value"),
)


def _usage_message(message: str) -> str:
    import re

    from .i18n import t

    for pattern, key in _USAGE_ERRORS:
        match = re.match(pattern, message, re.S)
        if not match:
            continue
        groups = match.groups()
        if key == "usage.missing":
            return t(key, kind=t(f"usage.kind.{groups[0]}"), name=groups[1])
        if key in ("usage.no_option", "usage.no_command"):
            text = t(key, name=groups[0])
            return text + (t("usage.did_you_mean", options=groups[1]) if groups[1] else "")
        return t(key, name=groups[0], detail=groups[1] if len(groups) > 1 else "")
    return message


def _show_click_error(exc) -> int:
    """Click's usage errors, in the chosen language, on stderr; returns the exit code."""
    from .i18n import t

    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help is the message
        sys.stderr.write(exc.format_message() + "\n")
        return exc.exit_code
    lines = []
    if ctx is not None:
        lines += [ctx.get_usage(), t("usage.hint", command=ctx.command_path)]
    message = exc.format_message() if hasattr(exc, "format_message") else ""
    lines.append(t("usage.error", message=_usage_message(message)) if message
                 else t("usage.aborted"))
    sys.stderr.write("\n".join(lines) + "\n")
    return getattr(exc, "exit_code", 1)


class _Same:
    """A parameter's coercion when the value already is what it would become (see
    :func:`_plain`): typer builds a pydantic TypeAdapter for every option it coerces, even a
    default, and importing pydantic is most of ``kefu leaderboard``'s start-up."""

    @staticmethod
    def coerce(value, param, ctx):
        return () if value is None and (param.multiple or param.nargs == -1) else value


def _plain(param, value) -> bool:
    """Would typer's coercion of ``value`` for ``param`` return it unchanged? None (no value:
    typer gives None or ``()`` without looking at the type), a ``str`` for a ``str`` option,
    and an ``int``/``float`` of exactly the option's type within its bounds (the defaults);
    not for an option with a parser or a click type of its own."""
    desc = getattr(param, "type_descriptor", None)
    info = getattr(desc, "parameter_info", None)
    if info is None or getattr(info, "parser", None) is not None \
            or getattr(info, "click_type", None) is not None:
        return False
    if value is None:
        return True
    kind = desc.annotation
    if kind is str:
        return type(value) is str
    if kind in (int, float) and type(value) is kind and value == value:
        return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)
    return False


def _lighten(command) -> None:
    """Every parameter of ``command`` and its subcommands skips typer's coercion for a plain
    value (:func:`_plain`); any other value is coerced by typer as always."""
    for param in getattr(command, "params", ()):
        _lighten_param(param)
    for sub in getattr(command, "commands", {}).values():
        _lighten(sub)


def _lighten_param(param) -> None:
    if hasattr(param, "_runtime_param") and hasattr(param, "type_descriptor") \
            and "process_value" not in vars(param):
        param.process_value = _light_process(param, param.process_value)


def _light_process(param, original):
    def process_value(ctx, value):
        # an option given many times is plain only when it is not given (None: typer's ())
        single = not param.multiple and param.nargs == 1
        if param._runtime_param is None and (single or value is None) and _plain(param, value):
            param._runtime_param = _Same
            try:
                return original(ctx, value)
            finally:
                param._runtime_param = None
        return original(ctx, value)

    return process_value


def command_class():
    """The click group class of the ``kefu`` app (``typer.Typer(cls=...)``): the app users run
    and the one tests invoke with CliRunner are the same — named ``kefu``, its help in the
    catalogue's words, click's usage errors translated, exit codes as documented."""
    from typer.core import TyperGroup

    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # typer releases that depend on click itself
        from click.exceptions import ClickException
    from typer import Abort

    class KefuGroup(TyperGroup):
        _localised = False

        def main(self, args=None, prog_name=None, **extra):
            if not self._localised:
                _localise_help(self)
                _lighten(self)
                self._localised = True
            if extra.get("obj") is None:  # CliRunner: the streams it has just put in place
                from .env import Env

                extra["obj"] = Env.from_process()
            extra["standalone_mode"] = False
            try:
                code = super().main(args=args, prog_name="kefu", **extra)
            except (ClickException, Abort) as exc:
                code = _show_click_error(exc)
            sys.exit(code if isinstance(code, int) else 0)

    return KefuGroup
