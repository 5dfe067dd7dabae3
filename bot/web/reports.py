"""The console's monthly report page (supervisors) and its search page (issue 14 item 2).

The report's figures are handlers/report.py:month_report's, the same as `complaint-bot
report`; the page shows them as tables. Search by ticket number opens the ticket; other
searches are handlers/search.py's when it is installed.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.web.context import SERVICES, Viewer, render, viewer
from handlers.report import BadMonth, MonthlyReport, month_bounds, month_report
from handlers.texts import Texts
from handlers.words import find_ticket_number


def add_routes(app: web.Application) -> None:
    app.router.add_get("/report", report_page, name="report")
    app.router.add_get("/search", search_page, name="search")


def _supervisor_only(request: web.Request, me: Viewer) -> web.StreamResponse | None:
    if me.is_supervisor:
        return None
    return render(
        request,
        "message.html",
        me.t,
        status=403,
        title=me.t("web.forbidden_title"),
        message=me.t("web.supervisor_only"),
    )


def _hours(span: timedelta | None, t: Texts) -> str:
    return (
        t("report.hours", value=span.total_seconds() / 3600)
        if span is not None
        else t("report.none")
    )


def _percent(share: float | None, t: Texts) -> str:
    return f"{share * 100:.1f}%" if share is not None else t("report.none")


async def report_page(request: web.Request) -> web.StreamResponse:
    """The month's figures (`?month=YYYY-MM`, default this month) as tables; supervisors only."""
    me, services = viewer(request), request.app[SERVICES]
    refused = _supervisor_only(request, me)
    if refused is not None:
        return refused
    month = request.query.get("month") or services.now().strftime("%Y-%m")
    try:
        start, end = month_bounds(month, services.tz)
    except BadMonth:
        raise web.HTTPBadRequest(text=me.t("web.bad_month")) from None
    policy = services.policy
    report = await month_report(
        services.db,
        month,
        start,
        end,
        now=services.clock(),
        calendar=services.calendar,
        vault=services.vault,
        categories=policy.category_codes,
        severities=tuple(policy.severities),
    )
    return render(
        request, "report.html", me.t, month=month, report=report, **_tables(report, me, services)
    )


def _tables(report: MonthlyReport, me: Viewer, services: Any) -> dict[str, Any]:
    t, policy = me.t, services.policy
    channel = {
        c: t(f"report.channel.{c}") if t.has(f"report.channel.{c}") else c
        for c, _ in report.by_channel
    }
    return {
        "by_category": [(policy.category(c).label(t.locale), n) for c, n in report.by_category],
        "by_severity": [(policy.severity(c).label(t.locale), n) for c, n in report.by_severity],
        "by_channel": [(channel[c], n) for c, n in report.by_channel],
        "times": [
            (t(f"report.{name}"), d.count, _hours(d.average, t), _hours(d.p90, t))
            for name, d in (
                ("first_response", report.first_response),
                ("resolution", report.resolution),
            )
        ],
        "sla": [
            (t(f"report.{name}"), c.met, c.missed, c.pending, _percent(c.share, t))
            for name, c in (
                ("first_response", report.first_response_sla),
                ("resolution", report.resolution_sla),
            )
        ],
        "satisfaction": report.satisfaction,
        "satisfaction_average": f"{report.satisfaction.average:.2f}"
        if report.satisfaction.average is not None
        else t("report.none"),
        "low_share": _percent(report.satisfaction.low_share, t),
        "objects": [
            (t(f"report.object_{kind}"), found) for kind, found in report.top_objects.items()
        ],
    }


async def search_page(request: web.Request) -> web.StreamResponse:
    """`?q=`: a ticket number opens that ticket; anything else goes to handlers/search.py
    (phone, e-mail, words) when it is installed."""
    me = viewer(request)
    query = request.query.get("q", "").strip()[:200]
    number = find_ticket_number(query) if query else None
    if number:
        raise web.HTTPSeeOther(request.app.router["ticket"].url_for(number=number))
    results: list[Any] = []
    available = importlib.util.find_spec("handlers.search") is not None
    return render(request, "search.html", me.t, q=query, results=results, available=available)
