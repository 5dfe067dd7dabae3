"""The console's monthly report page (supervisors) and its search page (issue 14 item 2).

The report's figures are handlers/report.py:month_report's, the same as `complaint-bot
report`; the page shows them as tables. Search by ticket number opens the ticket; other
searches are handlers/search.py's (phone, e-mail, words through the blind index).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.web.context import SERVICES, Viewer, render, viewer
from bot.web.i18n import local_time
from handlers.report import BadMonth, MonthlyReport, month_bounds, month_report
from handlers.search import search_tickets
from handlers.services import Services
from handlers.texts import Texts
from handlers.words import find_ticket_number
from storage.queries import tickets as tickets_q

SEARCH_PAGE = 25


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
    """`?q=`: a ticket number opens that ticket; a phone, an e-mail or words list the tickets
    handlers/search.py finds (blind index, newest first, `page` of SEARCH_PAGE in SQL). The
    list shows no personal data: the ticket page masks it as it does for everyone."""
    me, services = viewer(request), request.app[SERVICES]
    query = request.query.get("q", "").strip()[:200]
    number = find_ticket_number(query) if query else None
    if number:
        raise web.HTTPSeeOther(request.app.router["ticket"].url_for(number=number))
    raw_page = request.query.get("page", "1")
    page = max(1, min(int(raw_page), 10_000)) if raw_page.isdigit() else 1
    rows: list[dict[str, str]] = []
    total, kind = 0, ""
    if query:
        found = await search_tickets(
            services, query, limit=SEARCH_PAGE, offset=(page - 1) * SEARCH_PAGE
        )
        total, kind = found.total, found.kind.value
        names = await _agent_names(services)
        t, policy = me.t, services.policy
        rows = [
            {
                "number": ticket.number,
                "status": t(f"status_label.{ticket.status}"),
                "category": policy.category(ticket.category).label(t.locale),
                "filed": local_time(ticket.created_at, services.tz),
                "assignee": names.get(ticket.assignee_id or 0, ""),
            }
            for ticket in found.tickets
        ]
    pages = max(1, -(-total // SEARCH_PAGE))
    return render(
        request,
        "search.html",
        me.t,
        q=query,
        kind=kind,
        results=rows,
        total=total,
        page=page,
        pages=pages,
        previous=_page_link(query, page - 1) if page > 1 else None,
        following=_page_link(query, page + 1) if page < pages else None,
    )


def _page_link(query: str, page: int) -> str:
    return "?" + urlencode({"q": query, "page": str(page)})


async def _agent_names(services: Services) -> dict[int, str]:
    async with services.db.transaction() as session:
        return await tickets_q.agent_names(session)
