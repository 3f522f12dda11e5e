"""Grade sheet exports: CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl), written atomically.

Every string comes from students or files: a cell that starts with = + - @ (or tab/CR) is
prefixed with ' in CSV so no spreadsheet reads it as a formula; in XLSX every string is stored
as a text cell with the quote-prefix style (kept exactly, never a formula).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scoring.rubric import DIMENSIONS

from .errors import KefuError
from .files import atomic_write_bytes
from .i18n import t
from .text import clean

_DANGER = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value safe for spreadsheets: numbers as they are, strings never formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("show.good") if value else t("show.bad")
    if isinstance(value, (int, float)):
        return value
    text = clean(str(value))
    return "'" + text if text.startswith(_DANGER) else text


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
         t("review.section")] + metric_head()
    rows = [head]
    for r in sheet["students"]:
        log = "; ".join(f"{a['points']:+g} {a['reason']} ({a['author']} {a['at'][:16]})"
                        for a in sheet["adjustments"] if a["student"] == r["student"])
        rows.append([r["student"], r["name"], r["class"], r["team"]]
                    + [r["dimensions"][d] for d in DIMENSIONS]
                    + [r["score"], r["adjustment"], r["final"], log,
                       "; ".join(review_text(c) for c in sheet["reviews"]
                                 if c["student"] == r["student"])]
                    + metric_cells(r["metrics"]))
    avg = sheet["average"]
    rows.append([t("col.average"), "", "", ""] + [avg["dimensions"][d] for d in DIMENSIONS]
                + ["", "", avg["final"], "", ""] + metric_cells(sheet["metrics"]))
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
                     c["target"], c["reply"], c["reason"], c["author"], c["at"]])
    return rows


def metric_rows(sheet: dict) -> list[list]:
    """The service metrics per class and for the whole exam (the XLSX sheet 服务指标)."""
    rows = [[t("col.class")] + metric_head()]
    for name, m in sheet["class_metrics"].items():
        rows.append([name] + metric_cells(m))
    rows.append([t("metric.exam")] + metric_cells(sheet["metrics"]))
    return rows


def detail_rows(sheet: dict) -> list[list]:
    head = [t("col.student_id"), t("col.name"), t("col.scenario"), t("col.sitting"),
            t("col.total"), t("col.outcome_id"), t("col.good")] + \
        [t(f"dim.{d}") for d in DIMENSIONS] + [t("col.response_time"), t("col.finished"),
                                               t("col.flags")]
    rows = [head]
    for d in sheet["detail"]:
        rows.append([d["student"], d["name"], d["scenario"], d["sitting"], d["total"],
                     d["outcome"], d["good"]] + [d["dimensions"].get(k) for k in DIMENSIONS]
                    + [d["response_time"], d["finished_at"], "; ".join(d["flags"])])
    return rows


def adjustment_rows(sheet: dict) -> list[list]:
    rows = [[t("col.student_id"), t("col.points"), t("col.reason"), t("col.author"),
             t("col.when")]]
    for a in sheet["adjustments"]:
        rows.append([a["student"], a["points"], a["reason"], a["author"], a["at"]])
    return rows


def export(sheet: dict, path: str | Path) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = to_csv(sheet)
    elif suffix == ".xlsx":
        data = to_xlsx(sheet)
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


def to_xlsx(sheet: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    grades = book.active
    grades.title = t("xlsx.grades")
    parts = [(grades, grade_rows(sheet)),
             (book.create_sheet(t("xlsx.detail")), detail_rows(sheet)),
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
