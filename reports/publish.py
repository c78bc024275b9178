"""A month's network reports, generated where missing: what the network-report flow does, and
what the demo seed does inline for its year."""

from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from casework.actors import Actor
from casework.governance.reports.commands import (
    require_month_over,
    store_report,
    stored_report_id,
)
from casework.governance.reports.figures import MonthlyFigures, monthly_figures
from casework.governance.reports.model import NetworkReport
from casework.languages import Language
from casework.network.queries import networks
from casework.uow import UnitOfWork
from reports.render import render_report


class Missing(NamedTuple):
    network_id: int
    figures: MonthlyFigures


def render_each_language(figures: MonthlyFigures) -> dict[Language, tuple[str, bytes]]:
    return {language: render_report(figures, language) for language in Language}


def missing_reports(uow: UnitOfWork, *, actor: Actor, month: str) -> list[Missing]:
    """The figures of each network's report of the month that is not stored yet. A month not
    yet over is refused before any work (store_report would refuse it too)."""
    first = date.fromisoformat(f"{month}-01")
    require_month_over(uow, month)
    with uow:
        network_ids = [n.id for n in networks(uow.session)]
    return [
        Missing(network_id, monthly_figures(uow, actor=actor, network_id=network_id, month=first))
        for network_id in network_ids
        if stored_report_id(uow, network_id=network_id, month=first) is None
    ]


def generate_reports(uow: UnitOfWork, *, actor: Actor, month: str) -> list[int]:
    """The stored report of every network for the month, generated where missing."""
    for network_id, figures in missing_reports(uow, actor=actor, month=month):
        renditions = render_each_language(figures)
        store_report(
            uow, actor=actor, network_id=network_id, figures=figures, renditions=renditions
        )
    with uow:
        return list(
            uow.session.scalars(
                select(NetworkReport.id)
                .where(NetworkReport.month == month)
                .order_by(NetworkReport.network_id)
            )
        )
