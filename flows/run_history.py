"""The runs the dispatcher started for one NGO, read back from Prefect's API by the tags
of casework.flow_scope: what the supervisors' flow-runs page shows. Prefect's own UI, behind
its login in server mode, is for operators."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterId,
    FlowRunFilter,
    FlowRunFilterTags,
)
from prefect.client.schemas.sorting import FlowRunSort

from casework.flow_scope import case_of, organisation_tag


@dataclass(frozen=True)
class RunRecord:
    flow: str
    state: str  # Prefect's name for it: Completed, Failed, Running, ...
    state_type: str  # its kind, lower case: completed, failed, running, ...
    started_at: datetime | None
    duration: timedelta
    retries: int
    case_id: uuid.UUID


async def runs_of_organisation(organisation_id: int, *, limit: int = 100) -> list[RunRecord]:
    """The latest runs tagged with the organisation that served a case, newest first."""
    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                tags=FlowRunFilterTags(all_=[organisation_tag(organisation_id)])
            ),
            sort=FlowRunSort.EXPECTED_START_TIME_DESC,
            limit=limit,
        )
        flow_ids = list({run.flow_id for run in runs})
        flows = (
            await client.read_flows(flow_filter=FlowFilter(id=FlowFilterId(any_=flow_ids)))
            if flow_ids
            else []
        )
    names = {flow.id: flow.name for flow in flows}
    return [
        RunRecord(
            flow=names.get(run.flow_id, ""),
            state=run.state.name if run.state else "",
            state_type=run.state.type.value.lower() if run.state else "",
            started_at=run.start_time,
            duration=run.estimated_run_time,
            retries=max(run.run_count - 1, 0),
            case_id=case_id,
        )
        for run in runs
        if (case_id := case_of(run.tags)) is not None
    ]
