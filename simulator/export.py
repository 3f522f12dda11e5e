"""Grade sheet exports: CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl), written atomically.

Every string comes from students or files: a cell that starts with = + - @ (or tab/CR) is
prefixed with ' in CSV so no spreadsheet reads it as a formula (a plain signed number such as
``+5`` is left alone: it is no formula); in XLSX every string is stored as a text cell with the
quote-prefix style (kept exactly, never a formula).

Made to be used as they are: times in local time (``2026-12-02 07:05``), scenarios and endings
by their titles and labels (ids in a column of their own), XLSX columns as wide as their text.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from itertools import zip_longest
from pathlib import Path

from scoring.rubric import DIMENSIONS

from .errors import KefuError
from .files import atomic_write_bytes
from .i18n import t
from .stamps import local
from .text import clean

_DANGER = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(value):
    """A cell value safe for spreadsheets: numbers as they are, strings never formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("show.good") if value else t("show.bad")
    if isinstance(value, (int, float)):
        return value
    text = clean(str(value))
    if text.startswith(_DANGER) and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def metric_head() -> list[str]:
    from .metrics import KEYS, UNITS

    return [t(f"metric.{k}") + (t(f"metric.unit.{UNITS[k]}") if UNITS[k] else "") for k in KEYS]


def metric_cells(metrics: dict) -> list:
    from .metrics import KEYS, export_value

    return [export_value(k, metrics.get(k)) for k in KEYS]


def grade_rows(sheet: dict) -> list[list]:
    head = [t("col.student_id"), t("col.name"), t("col.class"), t("col.team")] + \
        [t(f"dim.{d}") for d in DIMENSIONS] + \
        [t("col.raw_score"), t("col.adjustment"), t("col.final"), t("col.adjust_log"),
         t("review.section"), t("col.pasted")] + metric_head()
    rows = [head]
    logs: dict[str, list[str]] = {}
    for a in sheet["adjustments"]:  # the reason first: a cell never opens with a sign
        logs.setdefault(a["student"], []).append(
            f"{a['reason']} {a['points']:+g}({a['author']} {local(a['at'])})")
    reviews: dict[str, list[str]] = {}
    for c in sheet["reviews"]:
        reviews.setdefault(c["student"], []).append(review_text(c))
    for r in sheet["students"]:
        rows.append([r["student"], r["name"], r["class"], r["team"]]
                    + [r["dimensions"][d] for d in DIMENSIONS]
                    + [r["score"], r["adjustment"], r["final"],
                       "; ".join(logs.get(r["student"], [])),
                       "; ".join(reviews.get(r["student"], [])), r.get("pasted") or ""]
                    + metric_cells(r["metrics"]))
    avg = sheet["average"]
    rows.append([t("col.average"), "", "", ""] + [avg["dimensions"][d] for d in DIMENSIONS]
                + ["", "", avg["final"], "", "", ""] + metric_cells(sheet["metrics"]))
    return rows


def review_text(c: dict) -> str:
    """One review decision in a cell: where, what, why, who."""
    what = t(f"review.action.{c['action']}") + (f" {c['target']}" if c["target"] else "")
    return f"{c['scenario']}#{c['turn']} {what}: {c['reason']} ({c['author']})"


def review_rows(sheet: dict) -> list[list]:
    rows = [[t("col.student_id"), t("col.scenario"), t("review.col.turn"), t("review.col.action"),
             t("review.col.target"), t("review.col.reply"), t("col.reason"), t("col.author"),
             t("col.when")]]
    for c in sheet["reviews"]:
        rows.append([c["student"], c["scenario"], c["turn"], t(f"review.action.{c['action']}"),
                     c["target"], c["reply"], c["reason"], c["author"], local(c["at"])])
    return rows


def metric_rows(sheet: dict) -> list[list]:
    """The service metrics per class and for the whole exam (the XLSX sheet 服务指标)."""
    rows = [[t("col.class")] + metric_head()]
    for name, m in sheet["class_metrics"].items():
        rows.append([name] + metric_cells(m))
    rows.append([t("metric.exam")] + metric_cells(sheet["metrics"]))
    return rows


def detail_rows(sheet: dict, bank: dict | None = None) -> list[list]:
    """One row per conversation; ``bank`` (scenario id -> Scenario) names the scenarios and
    endings by their titles and labels (a scenario no longer in the bank shows its id)."""
    bank = bank or {}
    head = [t("col.student_id"), t("col.name"), t("col.scenario"), t("col.scenario_id"),
            t("col.sitting"), t("col.total"), t("col.outcome_label"), t("col.outcome_id"),
            t("col.good")] + \
        [t(f"dim.{d}") for d in DIMENSIONS] + [t("col.response_time"), t("col.finished"),
                                               t("col.flags"), t("col.pasted")]
    rows = [head]
    for d in sheet["detail"]:
        scenario = bank.get(d["scenario"])
        outcome = scenario.outcomes.get(d["outcome"]) if scenario and d["outcome"] else None
        rows.append([d["student"], d["name"], scenario.title if scenario else d["scenario"],
                     d["scenario"], d["sitting"], d["total"],
                     outcome.label if outcome else d["outcome"], d["outcome"], d["good"]]
                    + [d["dimensions"].get(k) for k in DIMENSIONS]
                    + [d["response_time"], local(d["finished_at"], seconds=True),
                       "; ".join(d["flags"]), ", ".join(map(str, d.get("pasted") or ()))])
    return rows


def adjustment_rows(sheet: dict) -> list[list]:
    rows = [[t("col.student_id"), t("col.points"), t("col.reason"), t("col.author"),
             t("col.when")]]
    for a in sheet["adjustments"]:
        rows.append([a["student"], a["points"], a["reason"], a["author"], local(a["at"])])
    return rows


def export(sheet: dict, path: str | Path, bank: dict | None = None) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = to_csv(sheet)
    elif suffix == ".xlsx":
        data = to_xlsx(sheet, bank)
    else:
        raise KefuError(t("err.export_format", path=str(path)))
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise KefuError(t("err.export_write", path=str(path), why=exc.strerror or str(exc))) \
            from None
    return path


def to_csv(sheet: dict) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in grade_rows(sheet):
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def text_width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:g}")
    return max((text_width(line) for line in str(value).split("\n")), default=0)


def to_xlsx(sheet: dict, bank: dict | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    grades = book.active
    grades.title = t("xlsx.grades")
    parts = [(grades, grade_rows(sheet)),
             (book.create_sheet(t("xlsx.detail")), detail_rows(sheet, bank)),
             (book.create_sheet(t("xlsx.adjustments")), adjustment_rows(sheet)),
             (book.create_sheet(t("metric.title")), metric_rows(sheet)),
             (book.create_sheet(t("review.section")), review_rows(sheet))]
    for ws, rows in parts:
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.value = value
                elif value is not None:
                    # the exact text, stored as a text cell: never a formula, even "=..."
                    cell.value = clean(str(neutralise(value) if isinstance(value, bool)
                                           else value))
                    cell.data_type = "s"
                    cell.quotePrefix = True
        ws.freeze_panes = "A2"
        for c, column in enumerate(zip_longest(*rows), start=1):  # as wide as its text, or 60
            ws.column_dimensions[get_column_letter(c)].width = \
                min(60, max(6, max(map(_width, column)) + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
