"""The student's input: the reply line (prompt-toolkit: CJK widths, paste, history, multi-line,
the buyer's 催 and the exam timer under it) and the numbered pick of a scenario or a vote.

Split from :mod:`simulator.ui` (which draws everything else); prompt-toolkit is imported inside,
so importing this module stays cheap."""

from __future__ import annotations

from .i18n import t

STOP_POLL = 0.5  # seconds between asking whether an open question is moot


class ReplyInput:
    """The student's input line: prompt-toolkit (CJK widths, paste, history, multi-line).

    ``input``/``output`` are for tests (a pipe instead of the terminal)."""

    def __init__(self, history: list[str] | None = None, input=None, output=None):
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys

        bindings = KeyBindings()
        self.typing: dict = {}  # the last reply's keyboard stats (see :meth:`ask`)

        @bindings.add("escape", "enter")  # Esc then Enter; Alt+Enter sends the same keys
        def _newline(event):
            event.current_buffer.insert_text("\n")

        @bindings.add(Keys.BracketedPaste)  # the terminal says: this text was pasted
        def _paste(event):
            data = event.data.replace("\r\n", "\n").replace("\r", "\n")
            self.typing["pasted"] = True
            self.typing["pasted_chars"] = self.typing.get("pasted_chars", 0) + len(data)
            event.current_buffer.insert_text(data)

        hist = InMemoryHistory()
        for item in history or []:
            hist.append_string(item)
        self.session = PromptSession(
            history=hist, key_bindings=bindings, multiline=False, enable_history_search=False,
            erase_when_done=True,  # the reply is shown again as the student's bubble
            prompt_continuation=lambda width, line, soft: " " * width,
            input=input, output=output,
        )

    def ask(self, status=None, idle_timeout: float | None = None,
            default: str = "", nudges=()) -> str | None:
        """One reply; raises KeyboardInterrupt on Ctrl-C and EOFError on Ctrl-D.

        ``status`` (exams) returns a timer line shown under the prompt, refreshed every second.
        With ``idle_timeout`` (seconds) the buyer stops waiting when nothing has been typed for
        that long: returns None (silence). While the student types, the buyer waits.
        ``nudges``: (seconds from now, callback) pairs: at that moment the callback runs and
        prints above the input line; what the student has typed stays (the buyer's 催, see
        :mod:`simulator.nudges`)."""
        import asyncio
        import time

        tasks = []
        if idle_timeout:
            buffer = self.session.default_buffer

            async def watch():
                last = time.monotonic()
                while True:
                    await asyncio.sleep(0.2)
                    if buffer.text:
                        last = time.monotonic()
                    elif time.monotonic() - last >= idle_timeout:
                        self.session.app.exit(result=None)
                        return

            tasks.append(watch)
        if nudges:
            async def nudge():
                from prompt_toolkit.application import run_in_terminal

                begun = time.monotonic()
                for delay, callback in nudges:
                    await asyncio.sleep(max(0.0, begun + delay - time.monotonic()))
                    await run_in_terminal(callback)

            tasks.append(nudge)

        self.typing = {}
        inserts: list[float] = []

        def typed(_buffer):
            inserts.append(time.monotonic())

        def pre_run():
            self.session.default_buffer.on_text_insert += typed
            for task in tasks:
                self.session.app.create_background_task(task())

        try:
            text = self.session.prompt(t("drill.prompt"), bottom_toolbar=status,
                                       refresh_interval=1 if status else 0, pre_run=pre_run,
                                       default=default)
        finally:
            self.session.default_buffer.on_text_insert -= typed
        # typing stats for the teacher's 粘贴 signal (simulator.integrity): insertions seen
        # and the seconds from the first one to sending
        self.typing["keys"] = len(inserts)
        if inserts:
            self.typing["seconds"] = round(time.monotonic() - inserts[0], 3)
        if text is None:
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")


def ask_choice(prompt: str, names: list[str], stop=None) -> int | None:
    """A number from 1 to ``len(names)`` or one of the names (completed with Tab), asked again
    until valid; returns the 0-based index. ``stop``: a function asked every :data:`STOP_POLL`
    seconds (in a worker thread) whether the question is moot; once it says so the prompt
    closes and None is returned (a 模拟专场 ended while a classmate sat at the vote)."""
    import asyncio

    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter

    from .ui import error

    session: PromptSession = PromptSession(completer=WordCompleter(names, sentence=True))

    async def watch() -> None:
        while not await asyncio.to_thread(stop):
            await asyncio.sleep(STOP_POLL)
        session.app.exit(result=None)

    async def ask() -> str | None:
        watcher = asyncio.ensure_future(watch())
        try:
            return await session.prompt_async(prompt + " ")
        finally:
            watcher.cancel()

    while True:
        answer = asyncio.run(ask()) if stop else session.prompt(prompt + " ")
        if answer is None:
            return None
        answer = answer.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return int(answer) - 1
        if answer in names:
            return names.index(answer)
        error(t("drill.pick_invalid", n=len(names)))
