"""A month's network reports, generated where missing: what the network-report flow does, and
what the demo seed does inline for its year."""

from collections.abc import Callable, Mapping
from datetime import date

from casework.actors import Actor
from casework.governance.reports.commands import (
    require_month_over,
    store_report,
    stored_report_id,
)
from casework.governance.reports.figures import MonthlyFigures, monthly_figures
from casework.languages import Language
from casework.network.queries import networks
from casework.uow import UnitOfWork
from reports.render import render_report


def render_each_language(figures: MonthlyFigures) -> dict[Language, tuple[str, bytes]]:
    return {language: render_report(figures, language) for language in Language}


def generate_reports(
    uow: UnitOfWork,
    *,
    actor: Actor,
    month: str,
    render: Callable[[MonthlyFigures], Mapping[Language, tuple[str, bytes]]] = render_each_language,
) -> list[int]:
    """The stored report of every network for the month, generated where missing. A month
    not yet over is refused before any work (store_report would refuse it too). `render`
    makes the PDF of each language (the demo seed spreads them over processes)."""
    first = date.fromisoformat(f"{month}-01")
    require_month_over(uow, month)
    with uow:
        network_ids = [n.id for n in networks(uow.session)]
    report_ids = []
    for network_id in network_ids:
        report_id = stored_report_id(uow, network_id=network_id, month=first)
        if report_id is None:
            figures = monthly_figures(uow, actor=actor, network_id=network_id, month=first)
            renditions = dict(render(figures))
            report_id = store_report(
                uow, actor=actor, network_id=network_id, figures=figures, renditions=renditions
            )
        report_ids.append(report_id)
    return report_ids
