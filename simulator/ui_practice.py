"""Drawing the 错题本 (``kefu practice``) in the terminal. Untrusted text goes through safe()."""

from __future__ import annotations

from rich.text import Text

from .i18n import t
from .ui import out, safe


def intro(due: int, added: int) -> None:
    out().print(Text(t("practice.title"), style="bold"))
    out().print(t("practice.intro", n=due, added=added))


def show_item(n: int, total: int, item) -> None:
    out().print(Text(f"\n[{n}/{total}] ", style="bold") + safe(item.scenario_id)
                + Text(f"  -{item.lost:g}", style="red"))
    out().print(Text(t("role.buyer") + ": ", style="cyan") + safe(item.buyer))
    out().print(Text(t("practice.old") + ": ", style="yellow") + safe(item.reply))
    for w in item.wrong:
        out().print(Text("  ✗ ", style="red") + safe(w["message"]))
        if w.get("suggestion"):
            out().print(Text("    → ") + safe(t("coach.better", text=w["suggestion"])))


def ask() -> str | None:
    from .ui_input import ReplyInput

    try:
        return ReplyInput().ask()
    except (EOFError, KeyboardInterrupt):
        return None


def verdict(good: bool, problems: list[str], item) -> None:
    if good:
        key = "practice.done" if item.done_at else "practice.good"
        out().print(Text("  ✓ " + t(key, days=len(item.passes)), style="green"))
    else:
        out().print(Text("  ✗ " + t("practice.again", rules=", ".join(problems)), style="red"))


def summary(results: list[dict], left: int) -> None:
    good = sum(1 for r in results if r["good"])
    out().print(Text(t("practice.summary", good=good, n=len(results), left=left), style="bold"))
