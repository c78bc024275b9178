"""The governance flows take the day they act as of as a parameter; a run dated after today
(started by hand in Prefect, say) would draft, publish or schedule before members had their
time. Each command refuses it, and does nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casework.audit import AuditEntry
from casework.errors import InvalidInput
from casework.governance.meetings.commands.meetings import schedule_due_meetings
from casework.governance.memoranda.commands.drafts import draft_due_memoranda
from casework.governance.memoranda.commands.publication import publish_ready_drafts
from tests.support.governance import COORDINATOR


@pytest.mark.parametrize(
    "command", [draft_due_memoranda, publish_ready_drafts, schedule_due_meetings]
)
def test_a_governance_run_dated_after_today_is_refused(uow, clock, command):
    next_year = clock.now().date() + timedelta(days=365)  # every draft and meeting would be due
    with uow:
        audit_rows = uow.session.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(InvalidInput) as refused:
        command(uow, actor=COORDINATOR, day=next_year)
    assert refused.value.key == "governance.day_after_today"
    with uow:
        assert uow.session.scalar(select(func.count(AuditEntry.id))) == audit_rows
