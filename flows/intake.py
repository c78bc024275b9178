"""Intake flow: after a case opens, propose pseudonym matches and a provider for each need."""

import asyncio
from uuid import UUID

from prefect import flow

from casework.cases import commands
from flows import runtime

ACTOR = runtime.actor("intake")


def propose_matches(case_id: str) -> int:
    return commands.propose_matches(runtime.uow(), actor=ACTOR, case_id=UUID(case_id))


def propose_providers(case_id: str) -> int:
    return commands.propose_providers(runtime.uow(), actor=ACTOR, case_id=UUID(case_id))


@flow(name="intake", flow_run_name="intake-{case_id}")
async def intake_flow(case_id: str) -> dict[str, int]:
    return {
        "match_proposals": await asyncio.to_thread(propose_matches, case_id),
        "needs_without_provider": await asyncio.to_thread(propose_providers, case_id),
    }
