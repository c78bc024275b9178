"""What the demo seed needs from outside the domain: the network report's rendering."""

import multiprocessing
import os
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from casework.actors import system_actor
from casework.demo.settle import Settler
from casework.governance.reports.commands import notify_members_of_report, store_report
from casework.governance.reports.figures import ReportFigures
from casework.languages import Language
from casework.uow import UnitOfWork

REPORT_FLOW = "network-report"
ACTOR = system_actor(f"flow:{REPORT_FLOW}")  # as the flow acts (flows/runtime.py)


class ReportRenderer:
    """The network-report flow's work, beside the year: when its row falls due the period's
    figures are counted and their PDFs handed to worker processes; the report is stored, and
    members told, at the first moment of the year after they are laid out, as the flow would
    take its time too. Rendering was two fifths of the seed's time; beside the year, it adds
    little: two workers at a low priority take the core the year leaves idle, and both cores
    once the year is played. Workers are spawned, not forked: a fork would carry the seed's
    open database connections into them."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            max_workers=2, mp_context=context, initializer=os.nice, initargs=(10,)
        )
        self.rendering: deque[tuple[int, ReportFigures, dict[Language, Future]]] = deque()

    def __enter__(self) -> "ReportRenderer":
        return self

    def __exit__(self, *_exc) -> None:
        self.pool.shutdown(cancel_futures=True)

    def __call__(self, uow: UnitOfWork, parameters: Mapping[str, Any]) -> None:
        from reports.publish import missing_reports
        from reports.render import render_report

        period = parameters.get("period") or parameters["month"]  # rows queued before periods
        for network_id, figures in missing_reports(uow, actor=ACTOR, period=period):
            pdfs = {lang: self.pool.submit(render_report, figures, lang) for lang in Language}
            self.rendering.append((network_id, figures, pdfs))

    def publish_ready(self, uow: UnitOfWork, *, wait: bool) -> None:
        while self.rendering and (wait or all(f.done() for f in self.rendering[0][2].values())):
            network_id, figures, pdfs = self.rendering.popleft()
            renditions = {language: pdf.result() for language, pdf in pdfs.items()}
            report_id = store_report(
                uow, actor=ACTOR, network_id=network_id, figures=figures, renditions=renditions
            )
            notify_members_of_report(uow, actor=ACTOR, report_id=report_id)


def year_settler(renderer: ReportRenderer) -> Settler:
    return Settler({REPORT_FLOW: renderer}, background=[renderer])
