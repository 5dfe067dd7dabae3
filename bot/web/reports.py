"""The console's monthly report page (supervisors) and its search page (issue 14 item 2).

The report's figures are handlers/report.py:month_report's, the same as `complaint-bot
report`; the page shows them as tables. Search by ticket number opens the ticket; other
searches are handlers/search.py's (phone, e-mail, words through the blind index).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from bot import fonts
from bot.report_svg import report_charts
from bot.web.context import SERVICES, Viewer, message_page, render, viewer
from bot.web.i18n import local_time
from handlers.report import BadMonth, MonthlyReport, month_bounds, served_report
from handlers.report_export import ContactAccess, ExportContext, month_csv
from handlers.search import search_tickets
from handlers.services import Services
from handlers.texts import Texts
from handlers.words import find_ticket_number
from storage.queries import tickets as tickets_q

SEARCH_PAGE = 25


def add_routes(app: web.Application) -> None:
    app.router.add_get("/report", report_page, name="report")
    app.router.add_get("/report.csv", report_csv, name="report_csv")
    app.router.add_get("/fonts.css", font_css, name="font_css")
    app.router.add_get("/fonts/cjk", font_file, name="font_file")
    app.router.add_get("/search", search_page, name="search")


def _supervisor_only(request: web.Request, me: Viewer) -> web.StreamResponse | None:
    if me.is_supervisor:
        return None
    return message_page(request, me.t, "web.forbidden_title", "web.supervisor_only", status=403)


def _hours(span: timedelta | None, t: Texts) -> str:
    return (
        t("report.hours", value=span.total_seconds() / 3600)
        if span is not None
        else t("report.none")
    )


def _percent(share: float | None, t: Texts) -> str:
    return f"{share * 100:.1f}%" if share is not None else t("report.none")


async def report_page(request: web.Request) -> web.StreamResponse:
    """The month's figures (`?month=YYYY-MM`, default this month) as charts
    (bot/report_svg.py, inline SVG in the served CJK font) and tables; supervisors only."""
    me, services = viewer(request), request.app[SERVICES]
    refused = _supervisor_only(request, me)
    if refused is not None:
        return refused
    month, start, end = _month(request, me)
    report = await served_report(services, month, start, end)
    # report_svg escapes every text it draws (its own tests): the SVG goes in as markup.
    charts = [
        (chart.key, chart.title, Markup(chart.svg))
        for chart in report_charts(report, services.policy, me.t.locale)
    ]
    return render(
        request,
        "report.html",
        me.t,
        month=month,
        report=report,
        charts=charts,
        **_tables(report, me, services),
    )


def _month(request: web.Request, me: Viewer) -> tuple[str, datetime, datetime]:
    """`?month=` (default: this month) and its bounds. Not YYYY-MM: a 400 answer that is the
    console's own page (navigation, the message), raised as an HTTP exception."""
    services = request.app[SERVICES]
    month = request.query.get("month") or services.now().strftime("%Y-%m")
    try:
        start, end = month_bounds(month, services.tz)
    except BadMonth:
        page = message_page(request, me.t, "web.report", "web.bad_month", status=400)
        raise web.HTTPBadRequest(text=page.text, content_type="text/html") from None
    return month, start, end


async def report_csv(request: web.Request) -> web.StreamResponse:
    """The month's tickets as CSV (handlers/report_export.py:month_csv), streamed a page at a
    time; supervisors only. Contacts masked unless the supervisor asks for them whole with
    `?contacts=whole` (the CLI's `report --whole-contacts`; docs/process.md section 6)."""
    me, services = viewer(request), request.app[SERVICES]
    refused = _supervisor_only(request, me)
    if refused is not None:
        return refused
    month, start, end = _month(request, me)
    context = ExportContext(
        locale=me.t.locale,
        tz=services.tz,
        calendar=services.calendar,
        policy=services.policy,
        vault=services.vault,
        now=services.clock(),
        # Only supervisors get here (above), so `whole` is theirs alone to ask for.
        contacts=ContactAccess(everyone=request.query.get("contacts") == "whole"),
    )
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="complaints-{month}.csv"',
        }
    )
    await response.prepare(request)
    async for chunk in month_csv(services.db, start, end, context):
        await response.write(chunk.encode("utf-8"))
    await response.write_eof()
    return response


async def font_css(request: web.Request) -> web.StreamResponse:
    """The @font-face of the packaged CJK font (bot/fonts.py), so pages and charts draw
    Chinese on a machine without one; an empty sheet (system fonts) when none is installed."""
    try:
        body = fonts.font_face_css(str(request.app.router["font_file"].url_for()))
    except fonts.FontMissing as exc:
        body = f"/* {exc} */"
    return web.Response(text=body, content_type="text/css")


async def font_file(request: web.Request) -> web.StreamResponse:
    """The CJK font's file (public: a font holds nothing personal); 404 when none exists."""
    try:
        path = fonts.cjk_font_path()
    except fonts.FontMissing:
        raise web.HTTPNotFound() from None
    response = web.FileResponse(path)
    response.content_type = fonts.font_mime(path)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


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
    if page > pages:  # a page past the end shows the last one
        return await _last_page(request, query, pages)
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


async def _last_page(request: web.Request, query: str, pages: int) -> web.StreamResponse:
    raise web.HTTPSeeOther(
        request.app.router["search"].url_for() % {"q": query, "page": str(pages)}
    )


def _page_link(query: str, page: int) -> str:
    return "?" + urlencode({"q": query, "page": str(page)})


async def _agent_names(services: Services) -> dict[int, str]:
    async with services.db.transaction() as session:
        return await tickets_q.agent_names(session)
