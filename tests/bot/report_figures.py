"""Monthly reports made by hand for the chart tests: the charts are pure functions of them."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.policy import Policy
from handlers.report import Compliance, Durations, MonthlyReport, Satisfaction
from tests.support import TZ

START = datetime(2026, 11, 1, tzinfo=TZ)
END = datetime(2026, 12, 1, tzinfo=TZ)


def month(
    policy: Policy,
    categories: dict[str, int] | None = None,
    scores: dict[int, int] | None = None,
    products: list[tuple[str, int]] | None = None,
) -> MonthlyReport:
    """A November with `categories` (code -> tickets; the rest of the policy's are 0), the
    severities and channels they add up to, and `scores` (score -> answers)."""
    found = categories if categories is not None else {"product_quality": 6, "service_attitude": 3}
    total = sum(found.values())
    distribution = {score: (scores or {}).get(score, 0) for score in range(1, 6)}
    answered = sum(distribution.values())
    return MonthlyReport(
        month="2026-11",
        start=START,
        end=END,
        total=total,
        by_category=[(code, found.get(code, 0)) for code in policy.category_codes],
        by_severity=[("urgent", total // 3), ("important", 0), ("general", total - total // 3)],
        by_channel=[("wechat", total), ("telegram", 0), ("console", 0)],
        first_response=_durations(total, 1.5, 3.0),
        resolution=_durations(total, 6.0, 20.0),
        first_response_sla=Compliance(met=total // 2, missed=total - total // 2, pending=0),
        resolution_sla=Compliance(met=0, missed=0, pending=total),
        satisfaction=Satisfaction(
            answered=answered,
            average=sum(s * n for s, n in distribution.items()) / answered if answered else None,
            low=distribution[1] + distribution[2],
            no_response=0,
            distribution=distribution,
        ),
        reopened=0,
        top_objects={
            "product": products if products is not None else [("空调", 4), ("冰箱", 2)],
            "store": [("朝阳门店", 3)] if total else [],
            "staff": [],
        },
        top_words=[("退货", 5), ("噪音", 2)] if total else [],
    )


def empty(policy: Policy) -> MonthlyReport:
    return month(policy, categories={}, products=[])


def _durations(count: int, average: float, p90: float) -> Durations:
    if not count:
        return Durations(0, None, None)
    return Durations(count, timedelta(hours=average), timedelta(hours=p90))
