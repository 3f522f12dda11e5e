"""A student's feedback page as one self-contained HTML file (no scripts, no external assets).

:func:`render_report` is a pure function over the gradebook's data: it never touches the
database or the disk. Every piece of student or scenario text goes through :func:`_text`
(control characters removed, then ``html.escape``), so a name like ``<script>`` stays text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .i18n import language, t
from .text import clean

DIMENSIONS = ("politeness", "forbidden", "resolution", "responsiveness", "outcome")

# Highlight classes by priority: a character inside both a politeness span and a forbidden span
# is shown as forbidden (the more important thing for the student to see).
_PRIORITY = {"polite": 1, "soft": 2, "major": 3}


@dataclass
class ReportItem:
    """One scenario of the exam: its transcript (as saved) and its score (``Score.to_json()``)."""

    transcript: dict
    score: dict


@dataclass
class ReportData:
    student: dict  # id, name, class, team
    items: list[ReportItem]
    exam: dict | None = None  # id, title
    adjustments: list[dict] = field(default_factory=list)  # points, reason, author, at
    total: float | None = None  # the final total (mean of the items plus adjustments)
    rank: tuple[int, int] | None = None  # (place, how many students) in the exam
    metrics: dict | None = None  # simulator.metrics.summarize() of the items
    metrics_limit: float | None = None  # the per-reply limit the metrics used
    reviews: list[dict] = field(default_factory=list)  # the teacher's decisions and comments
    practice: list[dict] = field(default_factory=list)  # 错题本 items from this exam


def _text(value) -> str:
    return html.escape(clean(str(value)), quote=True)


def mark_severity(mark: dict, major_points: float) -> str:
    """``major`` or ``soft`` for a forbidden-wording mark (the mark's own field wins)."""
    if mark.get("severity") in _PRIORITY:
        return mark["severity"]
    return "major" if -mark.get("points", 0) >= major_points else "soft"


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` as escaped HTML with ``spans`` (start, end, class) wrapped in ``<mark>``.

    Overlapping spans are resolved per character by priority; control characters are dropped
    after the offsets have been applied, so offsets into the original text stay valid.
    """
    classes: list[str | None] = [None] * len(text)
    for start, end, kind in spans:
        for i in range(max(0, start), min(len(text), end)):
            if classes[i] is None or _PRIORITY[kind] > _PRIORITY[classes[i]]:
                classes[i] = kind
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and classes[j] == classes[i]:
            j += 1
        chunk = _text(text[i:j])
        out.append(f'<mark class="{classes[i]}">{chunk}</mark>' if classes[i] else chunk)
        i = j
    return "".join(out)


def bar_chart(values: dict[str, float], width: int = 560) -> str:
    """Horizontal bars 0-100, one per dimension, as inline SVG."""
    label_w, row_h, bar_h = 130, 30, 18
    bar_w = width - label_w - 60
    rows = []
    for n, (dim, value) in enumerate(values.items()):
        y = n * row_h + 6
        value = max(0.0, min(100.0, float(value)))
        colour = "#2e7d32" if value >= 80 else "#f9a825" if value >= 60 else "#c62828"
        rows.append(
            f'<text x="{label_w - 10}" y="{y + 14}" text-anchor="end">{_text(t("dim." + dim))}'
            f'</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" fill="#eceff1"/>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w * value / 100:.1f}" height="{bar_h}" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{value:.0f}</text>')
    height = len(values) * row_h + 6
    title = _text(t("html.chart"))
    return (f'<svg class="chart" role="img" aria-label="{title}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>')


def average_dimensions(scores: list[dict]) -> dict[str, float]:
    """Mean of each dimension over the scores that have it, in rubric order."""
    out: dict[str, float] = {}
    for dim in DIMENSIONS:
        values = [s["dimensions"][dim] for s in scores if dim in s.get("dimensions", {})]
        if values:
            out[dim] = sum(values) / len(values)
    return out


def _turn_spans(marks: list[dict], major_points: float) -> dict[int, list]:
    spans: dict[int, list] = {}
    for m in marks:
        if m.get("turn") is None or m.get("start") is None:
            continue
        if m["dimension"] == "politeness" and m.get("points", 0) > 0:
            kind = "polite"
        elif m["dimension"] == "forbidden":
            kind = mark_severity(m, major_points)
        else:
            continue
        spans.setdefault(m["turn"], []).append((m["start"], m["end"], kind))
    return spans


def _feedback(m: dict, major_points: float) -> str:
    if m["dimension"] == "forbidden":
        kind = mark_severity(m, major_points)
    elif m.get("points", 0) < 0 or m.get("suggestion"):
        kind = "hint"
    else:
        return ""
    phrase = f'<q>{_text(m["phrase"])}</q> ' if m.get("phrase") and kind != "hint" else ""
    better = (f'<div class="better">{_text(t("coach.better", text=m["suggestion"]))}</div>'
              if m.get("suggestion") else "")
    return (f'<li class="fb {kind}">{phrase}{_text(m.get("message", ""))} '
            f'<span class="rule">{_text(m.get("rule", ""))}</span>{better}</li>')


def _scenario_section(n: int, item: ReportItem, major_points: float, chart: bool) -> str:
    data, score = item.transcript, item.score
    marks = score.get("marks", [])
    spans = _turn_spans(marks, major_points)
    title = data.get("scenario", {}).get("title") or data.get("scenario", {}).get("id", "")
    outcome = data.get("outcome") or {}
    if outcome:
        good = bool(outcome.get("good"))
        badge = (f'<span class="badge {"good" if good else "bad"}">'
                 f'{_text(t("show.good") if good else t("show.bad"))}</span> '
                 f'{_text(outcome.get("label", ""))}')
    else:
        badge = f'<span class="badge bad">{_text(t("html.unfinished"))}</span>'
    parts = [f'<section class="scenario"><h2>{n}. {_text(title)} '
             f'<span class="total">{_text(t("html.points", points=score.get("total", 0)))}</span>'
             f'</h2>',
             f'<p class="outcome">{_text(t("html.outcome"))}: {badge}</p>']
    if chart and score.get("dimensions"):  # (one scenario: the summary chart says it all)
        parts.append(bar_chart(dict(score["dimensions"]), 480))
    if score.get("omitted"):
        omitted = "、".join(t(f"dim.{d}") for d in score["omitted"])
        parts.append(f'<p class="dim">{_text(t("report.omitted", what=omitted))}</p>')
    parts.append('<div class="chat">')
    reply_index = 0
    for turn in data.get("turns", []):
        parts.append(f'<div class="msg buyer"><span class="who">{_text(t("role.buyer"))}</span>'
                     f'<div class="bubble">{_text(turn.get("buyer", ""))}</div></div>')
        if "reply" not in turn:
            continue
        reply = turn["reply"] or ""
        body = highlight(reply, spans.get(reply_index, [])) if reply.strip() else \
            f'<em class="dim">{_text(t("html.silence"))}</em>'
        latency = turn.get("latency")
        timing = (f'<span class="latency">{_text(t("html.latency", s=f"{latency:.0f}"))}</span>'
                  if isinstance(latency, (int, float)) else "")
        feedback = [_feedback(m, major_points) for m in marks if m.get("turn") == reply_index]
        feedback = [f for f in feedback if f]
        parts.append(f'<div class="msg agent"><span class="who">{_text(t("role.agent"))}'
                     f'{timing}</span><div class="bubble">{body}</div>'
                     + (f'<ul class="feedback">{"".join(feedback)}</ul>' if feedback else "")
                     + '</div>')
        reply_index += 1
    turns = data.get("turns") or [{}]
    if outcome.get("closing") and not turns[-1].get("last_word"):  # else shown as a turn
        parts.append(f'<div class="msg buyer"><span class="who">{_text(t("role.buyer"))}</span>'
                     f'<div class="bubble">{_text(outcome["closing"])}</div></div>')
    parts.append("</div>")
    for m in marks:
        if m.get("rule") == "outcome.best_needed":
            parts.append(f'<p class="best-needed">★ {_text(m.get("message", ""))}</p>')
    slots = [m for m in marks if m["dimension"] == "resolution" and m.get("rule", "")
             .startswith("slot.")]
    if slots:
        parts.append(f'<h3>{_text(t("html.resolution"))}</h3><ul class="slots">')
        for m in slots:
            done = m.get("points", 0) > 0
            detail = (f' <q>{_text(m.get("phrase", ""))}</q>' if done and m.get("phrase") else
                      f' <span class="better">{_text(m["suggestion"])}</span>'
                      if m.get("suggestion") else "")
            parts.append(f'<li class="{"ok" if done else "missing"}">'
                         f'{_text(m.get("message", ""))}{detail}</li>')
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _adjustments(items: list[dict]) -> str:
    if not items:
        return ""
    rows = "".join(
        f'<tr><td class="num">{float(a.get("points", 0)):+g}</td>'
        f'<td>{_text(a.get("reason", ""))}</td><td>{_text(a.get("author", ""))}</td>'
        f'<td class="dim">{_text(a.get("at", ""))}</td></tr>'
        for a in items)
    return (f'<section><h2>{_text(t("html.adjustments"))}</h2><table class="adj"><thead><tr>'
            f'<th>{_text(t("html.adj_points"))}</th><th>{_text(t("html.adj_reason"))}</th>'
            f'<th>{_text(t("html.adj_by"))}</th>'
            f'<th>{_text(t("html.adj_at"))}</th></tr></thead><tbody>{rows}</tbody></table>'
            f'</section>')


def _metrics(metrics: dict | None, limit: float | None) -> str:
    if not metrics:
        return ""
    from .metrics import KEYS, format_value

    cells = "".join(f'<div class="metric"><span class="mlabel">{_text(t("metric." + k))}</span>'
                    f'<span class="mvalue">{_text(format_value(k, metrics.get(k)))}</span></div>'
                    for k in KEYS)
    notes = [t("metric.orders", orders=metrics.get("orders", 0), sales=metrics.get("sales", 0))]
    if limit is not None:
        notes.insert(0, t("metric.limit", s=f"{limit:g}"))
    return (f'<section class="metrics"><h2>{_text(t("metric.title"))}</h2>'
            f'<div class="mgrid">{cells}</div>'
            f'<p class="dim">{_text(" · ".join(notes))}</p></section>')


def _reviews(items: list[dict]) -> str:
    """教师复核: the teacher's decisions and comments, in the order they were made."""
    if not items:
        return ""
    rows = []
    for c in items:
        what = t(f"review.action.{c['action']}") + (f" {c['target']}" if c.get("target") else "")
        rows.append(f'<li class="{"comment" if c["action"] == "comment" else "decision"}">'
                    f'<span class="where">{_text(c["scenario"])} #{_text(c["turn"])}</span> '
                    f'<q>{_text(c.get("reply", ""))}</q> <strong>{_text(what)}</strong>: '
                    f'{_text(c["reason"])} <span class="dim">— {_text(c["author"])}</span></li>')
    return (f'<section class="reviews"><h2>{_text(t("review.section"))}</h2>'
            f'<ul class="reviews">{"".join(rows)}</ul></section>')


def _practice(items: list[dict]) -> str:
    """错题本: the replies of this exam that went into the student's mistake book."""
    if not items:
        return ""
    rows = []
    for it in items:
        wrong = "".join(f'<li>{_text(w.get("message", ""))}'
                        + (f' <span class="better">{_text(t("coach.better", text=w["suggestion"]))}'
                           f'</span>' if w.get("suggestion") else "") + "</li>"
                        for w in it.get("wrong", []))
        passes = len(it.get("passes", []))
        state = t("practice.done") if it.get("done_at") else \
            t("practice.good", days=passes) if passes else t("practice.todo")
        rows.append(f'<div class="pitem"><p><span class="who">{_text(t("role.buyer"))}</span> '
                    f'{_text(it.get("buyer", ""))}</p><p><span class="who">'
                    f'{_text(t("practice.old"))}</span> <q>{_text(it.get("reply", ""))}</q> '
                    f'<span class="lost">-{float(it.get("lost", 0)):g}</span></p>'
                    f'<ul class="feedback">{wrong}</ul><p class="dim">{_text(state)}</p></div>')
    return (f'<section class="practice"><h2>{_text(t("practice.section"))}</h2>'
            f'<p class="dim">{_text(t("practice.section_note"))}</p>{"".join(rows)}</section>')


def render_report(report: ReportData, major_points: float = 30) -> str:
    """The whole page. ``major_points``: what one major forbidden phrase costs in the rubric
    (tells major from soft marks in scores that do not carry their severity)."""
    student = report.student
    who = student.get("name") or student.get("id", "")
    heading = t("html.title", name=who)
    meta = [f'{_text(t("html.student_id"))}: {_text(student.get("id", ""))}']
    if student.get("class"):
        meta.append(f'{_text(t("html.class"))}: {_text(student["class"])}')
    if student.get("team"):
        meta.append(f'{_text(t("html.team"))}: {_text(student["team"])}')
    if report.exam:
        exam = report.exam.get("title") or report.exam.get("id", "")
        meta.append(f'{_text(t("html.exam"))}: {_text(exam)}')
    scores = [item.score for item in report.items]
    total = report.total
    if total is None and scores:
        total = sum(s.get("total", 0) for s in scores) / len(scores) + sum(
            float(a.get("points", 0)) for a in report.adjustments)
    place = (f' <span class="rank">{_text(t("html.rank", n=report.rank[0], of=report.rank[1]))}'
             f'</span>' if report.rank else "")
    summary = [f'<p class="grand">{_text(t("html.total"))} '
               f'<strong>{_text(f"{total:.1f}" if total is not None else "—")}</strong> / 100'
               f'{place}</p>']
    averages = average_dimensions(scores)
    if averages:
        summary.append(bar_chart(averages))
    legend = (f'<p class="legend"><mark class="polite">{_text(t("html.legend_polite"))}</mark> '
              f'<mark class="major">{_text(t("html.legend_major"))}</mark> '
              f'<mark class="soft">{_text(t("html.legend_soft"))}</mark></p>')
    sections = [_scenario_section(n, item, major_points, len(report.items) > 1)
                for n, item in enumerate(report.items, start=1)]
    lang = "zh-CN" if language() == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_text(heading)}</title>
<style>{_CSS}</style>
</head>
<body>
<header><h1>{_text(heading)}</h1><p class="meta">{" · ".join(meta)}</p></header>
<section class="summary">{"".join(summary)}{legend}</section>
{_metrics(report.metrics, report.metrics_limit)}
{_reviews(report.reviews)}
{_practice(report.practice)}
{_adjustments(report.adjustments)}
{"".join(sections)}
</body>
</html>
"""


_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:900px;
margin:24px auto;padding:0 16px;color:#263238;line-height:1.5}
h1{margin:0 0 4px}h2{border-bottom:2px solid #eceff1;padding-bottom:4px;margin-top:32px}
.meta,.dim,.rule,.latency{color:#78909c}.rule{font-size:.8em;margin-left:6px}
.grand{font-size:1.3em}.grand strong{font-size:1.6em;color:#1565c0}
.rank{margin-left:24px;font-size:.8em;color:#546e7a}
.total{float:right;font-size:.8em;color:#1565c0}
svg.chart text{font-size:13px;fill:#37474f;font-family:inherit}
mark{border-radius:3px;padding:0 1px}mark.polite{background:#c8e6c9}
mark.major{background:#ef9a9a;color:#7f0000;font-weight:bold}mark.soft{background:#fff59d}
.badge{display:inline-block;border-radius:10px;padding:0 10px;color:#fff;font-size:.85em}
.badge.good{background:#2e7d32}.badge.bad{background:#c62828}
.chat{background:#f5f7f9;border-radius:8px;padding:12px;margin:12px 0}
.msg{margin:8px 0;display:flex;flex-direction:column}
.msg.buyer{align-items:flex-start}.msg.agent{align-items:flex-end}
.who{font-size:.8em;color:#607d8b}.latency{margin-left:8px}
.bubble{max-width:75%;padding:8px 12px;border-radius:10px;white-space:pre-wrap;
overflow-wrap:anywhere}
.buyer .bubble{background:#fff;border:1px solid #cfd8dc}.agent .bubble{background:#e3f2fd}
ul.feedback{max-width:75%;margin:4px 0;padding-left:18px;font-size:.9em}
li.fb.major{color:#b71c1c}li.fb.soft{color:#8d6e00}li.fb.hint{color:#546e7a}
.better{color:#2e7d32}q{font-weight:bold}
ul.slots li.ok::marker{content:"✓ ";color:#2e7d32}
ul.slots li.missing::marker{content:"✗ ";color:#c62828}
table.adj{border-collapse:collapse}table.adj td,table.adj th{border:1px solid #cfd8dc;
padding:4px 10px;text-align:left}td.num{text-align:right;font-weight:bold}
ul.reviews{padding-left:18px}ul.reviews li{margin:4px 0}li.comment strong{color:#6a1b9a}
.where{color:#78909c;font-size:.85em}
.mgrid{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.metric{border:1px solid #cfd8dc;border-radius:6px;padding:6px 10px}
.mlabel{display:block;font-size:.85em;color:#607d8b}.mvalue{font-size:1.3em;font-weight:bold}
.pitem{border-left:3px solid #ef9a9a;padding:2px 10px;margin:8px 0}.pitem p{margin:2px 0}
.lost{color:#c62828;font-weight:bold;margin-left:6px}
@page{size:A4;margin:14mm 12mm}
p.best-needed{color:#8a5a00;background:#fff6e0;padding:.3em .6em;border-radius:4px}
@media print{body{max-width:none;margin:0;padding:0;font-size:11pt;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2,h3{break-after:avoid;page-break-after:avoid}
.msg,.metric,.pitem,ul.reviews li,svg.chart,table.adj,p.outcome{break-inside:avoid}
section.metrics,section.reviews{break-inside:avoid}.mgrid{gap:6px}}
"""
