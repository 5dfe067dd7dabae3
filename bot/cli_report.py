"""`complaint-bot report --month YYYY-MM [--png FILE] [--json] [--csv FILE]`: the month.

The figures come from `handlers.report`; this module only opens the database, renders them
as aligned Chinese text (or JSON), asks `bot.report_chart` for the chart and
`handlers.report_export` for the CSV of the month's tickets.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli_core import fail, guarded
from bot.settings import Settings, load_settings
from handlers.policy import Policy, load_policy

if TYPE_CHECKING:  # the rest is imported when the command runs, so `--help` stays instant
    from handlers.report import MonthlyReport
    from handlers.texts import Texts

INDENT = "  "


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser("report", help="the monthly report, with a chart")
    report.add_argument(
        "--month",
        default=None,
        help="the month, e.g. 2026-11 (TIMEZONE); the current month when left out",
    )
    report.add_argument("--png", type=Path, default=None, help="also write a chart here")
    report.add_argument("--json", action="store_true", help="print JSON instead of text")
    report.add_argument(
        "--csv", type=Path, default=None, help="also write the month's tickets here (CSV)"
    )
    report.add_argument(
        "--whole-contacts",
        action="store_true",
        help="the CSV with customers' names, phones and e-mails unmasked (supervisors only)",
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    return guarded(_report(args))


async def _report(args: argparse.Namespace) -> int:
    from handlers.report import BadMonth, month_bounds
    from handlers.texts import Texts

    settings = load_settings()
    # No --month: the month it is now where the business is (newcomer trial 12).
    month = args.month or datetime.now(settings.tz).strftime("%Y-%m")
    try:
        start, end = month_bounds(month, settings.tz)
    except BadMonth as exc:
        return fail(str(exc))
    no_chart = _chart_problem() if args.png is not None else None
    if no_chart is not None and args.csv is None:
        return fail(no_chart)  # the chart was all that was asked for: one clear line, exit 2
    policy = load_policy(settings.policy_file)
    report = await _compute(settings, policy, month, start, end)
    print(
        json.dumps(as_json(report), ensure_ascii=False, indent=2)
        if args.json
        else render(report, policy, Texts("zh-CN"), settings)
    )
    if args.csv is not None:
        code = await _export(settings, policy, start, end, args)
        if code:
            return code
    if no_chart is not None:
        # The text and the CSV are written without the chart (newcomer trial 12: a missing
        # matplotlib wrote neither), and one line says why there is no chart.
        print(f"chart not written: {no_chart.splitlines()[0]}", file=sys.stderr)
        return 0
    if args.png is not None:
        return _chart(report, policy, args.png)
    return 0


def _chart_problem() -> str | None:
    """Why no chart can be drawn here (matplotlib or a CJK font missing), or None."""
    from bot.fonts import FontMissing, cjk_font_path
    from bot.report_chart import ChartUnavailable, require_matplotlib

    try:
        require_matplotlib()
        cjk_font_path()
    except (ChartUnavailable, FontMissing) as exc:
        return str(exc) or type(exc).__name__
    return None


async def _export(
    settings: Settings, policy: Policy, start: datetime, end: datetime, args: argparse.Namespace
) -> int:
    """Writes the month's tickets to `args.csv` (handlers/report_export.py), page by page."""
    from handlers.calendar import BusinessCalendar
    from handlers.report_export import ContactAccess, ExportContext, month_csv
    from storage.engine import Database
    from storage.vault import Vault, load_or_create_key

    context = ExportContext(
        locale="zh-CN",
        tz=settings.tz,
        calendar=BusinessCalendar(policy.hours, settings.tz),
        policy=policy,
        vault=Vault(load_or_create_key(settings.PII_KEY, settings.data_dir)),
        now=datetime.now(UTC),
        contacts=ContactAccess(everyone=args.whole_contacts),
    )
    database = Database(settings.database_url)
    try:
        # newline="": the CSV's own CRLF line ends, as Excel expects, on every system.
        with args.csv.open("w", encoding="utf-8", newline="") as out:
            async for chunk in month_csv(database, start, end, context):
                out.write(chunk)
    except OSError as exc:
        return fail(f"cannot write the CSV to {args.csv}: {exc.strerror or exc}")
    finally:
        await database.dispose()
    print(f"tickets written to {args.csv}", file=sys.stderr)
    return 0


async def _compute(
    settings: Settings, policy: Policy, month: str, start: datetime, end: datetime
) -> MonthlyReport:
    from handlers.calendar import BusinessCalendar
    from handlers.report import month_report
    from nlp import tokenizer
    from storage.engine import Database
    from storage.migrate import upgrade
    from storage.vault import Vault, load_or_create_key

    vault = Vault(load_or_create_key(settings.PII_KEY, settings.data_dir))
    tokenizer.load()
    database = Database(settings.database_url)
    try:
        await upgrade(database.engine, settings.database_url)
        return await month_report(
            database,
            month,
            start,
            end,
            now=datetime.now(UTC),
            calendar=BusinessCalendar(policy.hours, settings.tz),
            vault=vault,
            categories=policy.category_codes,
            severities=tuple(policy.severities),
        )
    finally:
        await database.dispose()


def _chart(report: MonthlyReport, policy: Policy, target: Path) -> int:
    from bot.report_chart import write_chart

    try:
        write_chart(report, policy, target)
    except OSError as exc:
        return fail(f"cannot write the chart to {target}: {exc.strerror or exc}")
    print(f"chart written to {target}", file=sys.stderr)
    return 0


# --- text -----------------------------------------------------------------------------------
def width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: Sequence[Sequence[str]], indent: str = INDENT) -> list[str]:
    """Left-aligned first column, right-aligned numbers, by display width."""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0] + " " * (widths[0] - width(row[0]))]
        cells += [
            " " * (w - width(cell)) + cell for cell, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append(indent + "  ".join(cells).rstrip())
    return lines


def percent(share: float | None, t: Texts) -> str:
    return t("report.none") if share is None else f"{share * 100:.1f}%"


def hours(span: timedelta | None, t: Texts) -> str:
    return t("report.none") if span is None else t("report.hours", value=span / timedelta(hours=1))


def render(report: MonthlyReport, policy: Policy, t: Texts, settings: Settings) -> str:
    lines = _heading(report, t, settings)
    lines += _counts(report, policy, t)
    lines += _times(report, t)
    lines += _satisfaction(report, t)
    lines += ["", t("report.reopened", count=report.reopened)]
    lines += _objects(report, t)
    return "\n".join(lines)


def _heading(report: MonthlyReport, t: Texts, settings: Settings) -> list[str]:
    tz = settings.tz

    def local(moment: datetime) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    return [
        t("report.title", month=report.month, tz=settings.TIMEZONE),
        t(
            "report.scope",
            start=local(report.start),
            end=local(report.end),
            total=report.total,
            now=local(datetime.now(UTC)),
        ),
    ]


def _counts(report: MonthlyReport, policy: Policy, t: Texts) -> list[str]:
    sections = (
        (
            "report.by_category",
            [(policy.category(c).label(t.locale), n) for c, n in report.by_category],
        ),
        (
            "report.by_severity",
            [(policy.severity(c).label(t.locale), n) for c, n in report.by_severity],
        ),
        ("report.by_channel", [(_channel(c, t), n) for c, n in report.by_channel]),
    )
    lines = ["", t("report.counts")]
    for key, rows in sections:
        lines.append(INDENT + t(key))
        lines += table([(label, str(n)) for label, n in rows], INDENT * 2)
    return lines


def _channel(code: str, t: Texts) -> str:
    from handlers.report import CHANNELS

    return t(f"report.channel.{code}") if code in CHANNELS else code


def _times(report: MonthlyReport, t: Texts) -> list[str]:
    durations = (
        (t("report.first_response"), report.first_response),
        (t("report.resolution"), report.resolution),
    )
    rows = [t("report.times_header").split("|")]
    rows += [[label, str(d.count), hours(d.average, t), hours(d.p90, t)] for label, d in durations]
    clocks = (
        (t("report.first_response"), report.first_response_sla),
        (t("report.resolution"), report.resolution_sla),
    )
    sla = [t("report.sla_header").split("|")]
    sla += [
        [label, str(c.met), str(c.missed), str(c.pending), percent(c.share, t)]
        for label, c in clocks
    ]
    return ["", t("report.times"), *table(rows), "", t("report.sla"), *table(sla)]


def _satisfaction(report: MonthlyReport, t: Texts) -> list[str]:
    s = report.satisfaction
    average = t("report.none") if s.average is None else f"{s.average:.2f}"
    scores = " · ".join(t("report.score", score=k, count=v) for k, v in s.distribution.items())
    return [
        "",
        t("report.satisfaction"),
        INDENT
        + t(
            "report.survey_line",
            answered=s.answered,
            average=average,
            low=percent(s.low_share, t),
            no_response=s.no_response,
        ),
        INDENT + t("report.score_line", scores=scores),
    ]


def _objects(report: MonthlyReport, t: Texts) -> list[str]:
    lines = ["", t("report.objects")]
    for kind, found in report.top_objects.items():
        lines.append(INDENT + t(f"report.object_{kind}") + "：" + _ranked(found, t))
    lines += ["", t("report.words")]
    if not report.top_words:
        return [*lines, INDENT + t("report.empty")]
    # Five words a line keeps the list readable on an 80-column terminal.
    for first in range(0, len(report.top_words), 5):
        lines.append(INDENT + _ranked(report.top_words[first : first + 5], t))
    return lines


def _ranked(found: Sequence[tuple[str, int]], t: Texts) -> str:
    return "、".join(f"{name} {n}" for name, n in found) if found else t("report.empty")


# --- JSON -----------------------------------------------------------------------------------
def as_json(report: MonthlyReport) -> dict[str, Any]:
    """The same figures for other programs: durations in hours, shares between 0 and 1."""

    def span(value: timedelta | None) -> float | None:
        return None if value is None else round(value / timedelta(hours=1), 4)

    def durations(d: Any) -> dict[str, Any]:
        return {"count": d.count, "average_hours": span(d.average), "p90_hours": span(d.p90)}

    def clock(c: Any) -> dict[str, Any]:
        return {"met": c.met, "missed": c.missed, "pending": c.pending, "share": c.share}

    s = report.satisfaction
    return {
        "month": report.month,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "total": report.total,
        "by_category": dict(report.by_category),
        "by_severity": dict(report.by_severity),
        "by_channel": dict(report.by_channel),
        "first_response": durations(report.first_response),
        "resolution": durations(report.resolution),
        "sla": {
            "first_response": clock(report.first_response_sla),
            "resolution": clock(report.resolution_sla),
        },
        "satisfaction": {
            "answered": s.answered,
            "average": s.average,
            "low": s.low,
            "low_share": s.low_share,
            "no_response": s.no_response,
            "distribution": {str(k): v for k, v in s.distribution.items()},
        },
        "reopened": report.reopened,
        "top_objects": {
            kind: [list(item) for item in found] for kind, found in report.top_objects.items()
        },
        "top_words": [list(item) for item in report.top_words],
    }
