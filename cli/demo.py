"""What the demo seed needs from outside the domain: the monthly report's rendering."""

import logging
from collections.abc import Mapping
from typing import Any

from casework.actors import system_actor
from casework.demo.settle import Settler
from casework.governance.reports.commands import notify_members_of_report
from casework.uow import UnitOfWork

REPORT_FLOW = "network-report"
ACTOR = system_actor(f"flow:{REPORT_FLOW}")  # as the flow acts (flows/runtime.py)


def _network_report(uow: UnitOfWork, parameters: Mapping[str, Any]) -> None:
    """The network-report flow's two tasks, inline."""
    from reports.publish import generate_reports  # after year_settler() quietened WeasyPrint

    for report_id in generate_reports(uow, actor=ACTOR, month=parameters["month"]):
        notify_members_of_report(uow, actor=ACTOR, report_id=report_id)


def year_settler() -> Settler:
    # WeasyPrint narrates each page at INFO: twelve months of reports would fill the screen.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    return Settler({REPORT_FLOW: _network_report})
