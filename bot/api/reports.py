"""GET /api/v1/reports/monthly?month=YYYY-MM: the monthly report's figures as JSON.

Supervisors' tokens only: the report is the team's and the business's figures (workloads,
SLA compliance, what customers complain about most), which the bot gives agents only as
`/stats`'s few counts. The figures are handlers/report.py:month_report's, serialized by the
same function as `complaint-bot report --json` (bot/cli_report.py:as_json), so the two never
differ.
"""

from __future__ import annotations

from aiohttp import web

from bot.api.auth import SERVICES, caller, require_supervisor
from bot.api.errors import ApiError
from bot.api.schemas import ReportQuery, parse
from bot.cli_report import as_json
from handlers.report import BadMonth, month_bounds, served_report


async def monthly(request: web.Request) -> web.Response:
    """The month's figures (business time zone): counts by category, severity and channel,
    times to first response and resolution (hours), SLA compliance, satisfaction, reopened
    tickets, top objects and words. 403 for an agent's token, 422 for a bad month."""
    require_supervisor(caller(request))
    services = request.app[SERVICES]
    month = parse(ReportQuery, dict(request.query)).month
    try:
        start, end = month_bounds(month, services.tz)
    except BadMonth as error:
        # BadMonth's own words name the CLI's --month; an API caller sent `month`.
        raise ApiError(
            422, "invalid", f"month must be YYYY-MM like 2026-11, not {month[:16]!r}"
        ) from error
    report = await served_report(services, month, start, end)
    return web.json_response(as_json(report))
