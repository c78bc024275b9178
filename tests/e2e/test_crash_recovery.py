"""A process that dies between its commit and the dispatch loses nothing: the dispatcher
that starts next finishes the flow, exactly once."""

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casework import outbox
from casework.audit import AuditEntry
from casework.outbox import OutboxMessage
from flows.dispatch import Dispatcher
from tests.support.databases import ROOT, TEST_PEPPER
from tests.support.flows import dispatch, flow_runs_named, flows_using
from tests.support.network import demo

pytestmark = pytest.mark.usefixtures("prefect_harness")

# Opens a case (the command commits its outbox row), then dies before anything dispatches it.
DIE_AFTER_COMMIT = textwrap.dedent(
    """
    import os, signal
    from casework.bootstrap import unit_of_work
    from casework.cases.commands import open_case
    from casework.network.services import ServiceCode
    from casework.privacy.uic import Sex, UicParts
    from tests.support.network import demo

    uow = unit_of_work()
    d = demo(uow)
    opened = open_case(
        uow, actor=d.caseworker(), uic=UicParts(Sex.MALE, 1979, "ШО", "ЗА"),
        needs=[ServiceCode.TB_SCREENING], consent_to_referral=True,
    )
    print(opened.case_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def undispatched(uow) -> list[OutboxMessage]:
    with uow:
        return list(
            uow.session.scalars(select(OutboxMessage).where(OutboxMessage.dispatched_at.is_(None)))
        )


def providers_proposed(uow, case_id: str) -> int:
    with uow:
        return uow.session.scalar(
            select(func.count()).where(
                AuditEntry.object_id == case_id, AuditEntry.action == "case.providers_proposed"
            )
        )


@pytest.mark.slow
def test_a_restarted_dispatcher_finishes_what_a_killed_process_committed(
    uow, new_uow, settings, db_url, clock
):
    clock.current = datetime.now(UTC)  # the child process runs on the real clock
    env = {**os.environ, "CASEWORK_DATABASE_URL": db_url, "CASEWORK_UIC_PEPPER": TEST_PEPPER}
    child = subprocess.run(
        [sys.executable, "-c", DIE_AFTER_COMMIT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    case_id = child.stdout.strip()
    clock.advance(timedelta(seconds=5))
    assert [(m.flow, m.parameters) for m in undispatched(uow)] == [("intake", {"case_id": case_id})]

    with flows_using(new_uow):
        restarted = Dispatcher(settings)
        restarted.start()  # its first round picks up what the dead process left
        try:
            restarted.drain()
        finally:
            restarted.stop()
        again = Dispatcher(settings)  # and a later start finds nothing left to do
        again.start()
        try:
            assert again.drain() == 0
        finally:
            again.stop()

    assert undispatched(uow) == []
    assert providers_proposed(uow, case_id) == 1
    assert len(flow_runs_named(f"intake-{case_id}")) == 1


def test_a_dispatcher_that_dies_mid_dispatch_leaves_its_rows_to_the_next_after_the_lease(
    uow, new_uow, settings, clock
):
    d = demo(uow)
    opened = d.open_case(uow)
    with uow:  # a dispatcher claims the row, then dies before starting the flow
        claimed = outbox.claim_due(
            uow.session, now=clock.now(), lease=timedelta(seconds=60), limit=10
        )
        uow.commit()
    assert len(claimed) == 1
    with flows_using(new_uow):
        assert dispatch(settings) == 0  # still leased to the dead dispatcher
        clock.advance(timedelta(seconds=61))
        assert dispatch(settings) == 1
        assert dispatch(settings) == 0
    assert providers_proposed(uow, str(opened.case_id)) == 1
