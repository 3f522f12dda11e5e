"""The review screen (``kefu grades review``): prompt-toolkit, keyboard only.

:class:`ReviewScreen` holds the state and reacts to keys as plain method calls (tests drive it
directly); :func:`run` wraps it in a full-screen prompt-toolkit application whose ``input`` and
``output`` can be a pipe and a dummy for tests. All student and scenario text goes through
:func:`simulator.text.clean` and is shown as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Callable

from .i18n import t
from .review import Item
from .text import clean, one_line

KINDS = ("insult", "refusal", "blame", "impatience", "violation", "negative")


class ReviewScreen:
    """``decide(item, action, target, reason) -> (result dict, new items)`` records a decision
    and returns the queue as it now stands."""

    def __init__(self, exam_id: str, items: list[Item],
                 decide: Callable[[Item, str, str, str], tuple[dict, list[Item]]]):
        self.exam_id = exam_id
        self.items = items
        self.decide = decide
        self.index = 0
        self.mode = "browse"  # browse | pick | text
        self.action = ""
        self.target = ""
        self.options: list[tuple[str, str]] = []  # (target, label)
        self.status = ""
        self.done = False

    @property
    def item(self) -> Item | None:
        return self.items[self.index] if self.items else None

    # ---- keys ----
    def move(self, step: int) -> None:
        if self.items and self.mode == "browse":
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self.status = ""

    def start(self, action: str) -> None:
        """w / f / d / n / c: begin a decision (pick what it is about, then say why)."""
        item = self.item
        if item is None or self.mode != "browse":
            return
        self.action, self.target = action, ""
        if action == "wrong_flag":
            self.options = [(m["rule"], f'{m["rule"]} 「{m.get("phrase", "")}」')
                            for m in item.marks if m["dimension"] == "forbidden"]
        elif action == "forbidden":
            self.options = [(k, k) for k in KINDS]
        elif action in ("did", "did_not"):
            self.options = [(s, s) for s in item.slots]
        else:
            self.options = []
        if action == "comment":
            self.mode = "text"
        elif not self.options:
            self.status = t("review.nothing_to_pick")
        elif len(self.options) == 1 and action == "wrong_flag":
            self.target, self.mode = self.options[0][0], "text"
        else:
            self.mode = "pick"

    def pick(self, number: int) -> None:
        if self.mode == "pick" and 1 <= number <= len(self.options):
            self.target = self.options[number - 1][0]
            self.mode = "text"

    def cancel(self) -> None:
        if self.mode == "browse":
            self.done = True
        self.mode, self.status = "browse", ""

    def submit(self, text: str) -> None:
        """Enter in the text field: record the decision with ``text`` as its reason."""
        item = self.item
        if self.mode != "text" or item is None or not text.strip():
            return
        key = (item.attempt_uid, item.turn)
        try:
            result, self.items = self.decide(item, self.action, self.target, text.strip())
        except Exception as exc:  # a domain error: shown, the screen stays
            from .errors import KefuError

            if not isinstance(exc, KefuError):
                raise
            self.status, self.mode = exc.message, "browse"
            return
        self.index = next((i for i, it in enumerate(self.items)
                           if (it.attempt_uid, it.turn) == key), min(self.index,
                                                                    len(self.items) - 1))
        total, final = result["scenario_total"], result["final"]
        self.status = t("review.recorded", student=item.student, old=total["old"],
                        new=total["new"], fold=_num(final["old"]), fnew=_num(final["new"]))
        self.mode = "browse"

    # ---- drawing (plain text fragments) ----
    def header(self) -> list[tuple[str, str]]:
        n = self.index + 1 if self.items else 0
        return [("bold", t("review.title", exam=one_line(self.exam_id), n=n,
                           total=len(self.items)))]

    def body(self) -> list[tuple[str, str]]:
        item = self.item
        if item is None:
            return [("", t("review.empty"))]
        who = one_line(item.name or item.student)
        out = [("bold", f"{who} ({one_line(item.student)}) · {one_line(item.scenario)} · "
                        f"#{item.turn + 1}\n"),
               ("fg:ansiyellow", t("review.why") + ": "
                + "、".join(t(f"review.reason.{r}") for r in item.reasons) + "\n\n"),
               ("fg:ansicyan", t("role.buyer") + ": "), ("", clean(item.buyer) + "\n"),
               ("fg:ansigreen", t("role.agent") + ": "), ("", clean(item.reply) + "\n\n")]
        for m in item.marks:
            if not m.get("points") and m["dimension"] != "politeness":
                continue
            style = "fg:ansired" if m.get("points", 0) < 0 else ""
            phrase = f' 「{one_line(m["phrase"])}」' if m.get("phrase") else ""
            out.append((style, f'  {m.get("points", 0):+.1f} {t("dim." + m["dimension"])} '
                               f'{one_line(m.get("rule", ""))}{phrase}\n'))
        out.append(("", t("review.impact", points=f"{item.impact:+.1f}") + "\n"))
        if item.decisions:
            out.append(("bold", "\n" + t("review.decisions") + "\n"))
            for d in item.decisions:
                out.append(("fg:ansimagenta", f'  {t("review.action." + d.action)} '
                                              f'{one_line(d.target)}: {one_line(d.reason)} '
                                              f'({one_line(d.author)})\n'))
        if self.mode == "pick":
            out.append(("bold", "\n" + t("review.pick") + "\n"))
            for n, (_, label) in enumerate(self.options, start=1):
                out.append(("", f"  {n}. {one_line(label)}\n"))
        return out

    def footer(self) -> list[tuple[str, str]]:
        parts = []
        if self.status:
            parts.append(("fg:ansiyellow", one_line(self.status) + "\n"))
        if self.mode == "text":
            key = "review.ask_comment" if self.action == "comment" else "review.ask_reason"
            parts.append(("bold", t(key)))
        else:
            parts.append(("reverse", t("review.keys")))
        return parts


def _num(value) -> str:
    return "—" if value is None else f"{value:g}"


def run(screen: ReviewScreen, input=None, output=None) -> None:
    """The full-screen application around ``screen`` (until q)."""
    from prompt_toolkit import Application
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.widgets import TextArea

    field = TextArea(height=1, multiline=False, prompt="> ")
    typing = Condition(lambda: screen.mode == "text")
    keys = KeyBindings()
    browsing = Condition(lambda: screen.mode == "browse")
    picking = Condition(lambda: screen.mode == "pick")

    body = Window(FormattedTextControl(screen.body, focusable=True), wrap_lines=True)

    def sync(event) -> None:
        if screen.done:
            event.app.exit()
        else:
            event.app.layout.focus(field if screen.mode == "text" else body)

    for key, step in (("up", -1), ("k", -1), ("down", 1), ("j", 1)):
        @keys.add(key, filter=browsing)
        def _move(event, step=step):
            screen.move(step)

    for key, action in (("w", "wrong_flag"), ("f", "forbidden"), ("d", "did"),
                        ("n", "did_not"), ("c", "comment")):
        @keys.add(key, filter=browsing)
        def _start(event, action=action):
            screen.start(action)
            sync(event)

    for digit in "123456789":
        @keys.add(digit, filter=picking)
        def _pick(event, digit=digit):
            screen.pick(int(digit))
            sync(event)

    @keys.add("q", filter=browsing)
    @keys.add("escape", eager=True)
    @keys.add("c-c")
    def _quit(event):
        if event.key_sequence[0].key == "c-c":
            screen.mode = "browse"
        screen.cancel()
        field.text = ""
        sync(event)

    def accept(buffer) -> bool:
        screen.submit(buffer.text)
        if screen.mode == "browse":
            app.layout.focus(body)
        return False  # the field is emptied

    field.accept_handler = accept
    layout = Layout(HSplit([
        Window(FormattedTextControl(screen.header), height=1),
        Window(height=1, char="─"),
        body,
        Window(FormattedTextControl(screen.footer), height=2, wrap_lines=True),
        ConditionalContainer(field, filter=typing),
    ]))
    app = Application(layout=layout, key_bindings=keys, full_screen=True, input=input,
                      output=output)
    app.run()


def overlay_report(report: dict) -> None:
    """What ``kefu lexicon overlay --from-reviews`` wrote, and what it left out and why."""
    from rich.text import Text

    from .ui import out, safe

    def line(r: dict, why: str = "") -> Text:
        text = safe(f"  {r['student']} {r['scenario']}#{r['turn']} {r['action']} {r['target']} "
                    f"「{one_line(r['reply'])}」 {r['reason']} ({r['author']})")
        return text + (Text(f" — {why}", style="dim") if why else Text(""))

    out().print(Text(t("overlay.written", file=report["file"], rules=report["rules"],
                       n=len(report["used"])), style="green"))
    if report["conflicts"]:
        out().print(Text(t("overlay.conflicts"), style="bold red"))
        for c in report["conflicts"]:
            out().print(line(c["a"], c["why"]))
            out().print(line(c["b"]))
    for key, style in (("skipped", "yellow"), ("not_reproduced", "red")):
        if report[key]:
            out().print(Text(t(f"overlay.{key}"), style=f"bold {style}"))
            for r in report[key]:
                out().print(line(r, r.get("why", "")))
