"""A period's network reports, generated where missing: what the network-report flow does,
and what the demo seed does inline for its year."""

from typing import NamedTuple

from sqlalchemy import select

from casework.actors import Actor
from casework.governance.reports.commands import (
    require_period_over,
    store_report,
    stored_report_id,
)
from casework.governance.reports.figures import ReportFigures, report_figures
from casework.governance.reports.model import NetworkReport
from casework.governance.reports.periods import parse_period
from casework.languages import Language
from casework.network.queries import networks
from casework.uow import UnitOfWork
from reports.render import render_report


class Missing(NamedTuple):
    network_id: int
    figures: ReportFigures


def render_each_language(figures: ReportFigures) -> dict[Language, tuple[str, bytes]]:
    return {language: render_report(figures, language) for language in Language}


def missing_reports(uow: UnitOfWork, *, actor: Actor, period: str) -> list[Missing]:
    """The figures of each network's report of the period that is not stored yet (since
    founding: always, to the last finished month). A period not yet over, or a key that names
    none, is refused before any work."""
    wanted = parse_period(period)
    require_period_over(uow, wanted)
    with uow:
        network_ids = [n.id for n in networks(uow.session)]
    return [
        Missing(network_id, report_figures(uow, actor=actor, network_id=network_id, period=wanted))
        for network_id in network_ids
        if stored_report_id(uow, network_id=network_id, period=wanted) is None
    ]


def generate_reports(uow: UnitOfWork, *, actor: Actor, period: str) -> list[int]:
    """The stored report of every network for the period, generated where missing."""
    for network_id, figures in missing_reports(uow, actor=actor, period=period):
        renditions = render_each_language(figures)
        store_report(
            uow, actor=actor, network_id=network_id, figures=figures, renditions=renditions
        )
    with uow:
        return list(
            uow.session.scalars(
                select(NetworkReport.id)
                .where(NetworkReport.period == parse_period(period).key)
                .order_by(NetworkReport.network_id)
            )
        )
