"""Escalation sweep flow: scheduled; expires unused referrals and moves overdue ones one
step up their network's ladder. Returns counts only (Prefect shows them)."""

import asyncio

from prefect import flow

from casework.escalation.commands.sweep import sweep
from flows import runtime

ACTOR = runtime.actor("escalation-sweep")


def sweep_overdue() -> dict[str, int]:
    result = sweep(runtime.uow(), actor=ACTOR)
    return {
        "escalated": result.escalated,
        "expired": result.expired,
        **{f"level_{level}": count for level, count in sorted(result.by_level.items())},
    }


@flow(name="escalation-sweep")
async def escalation_sweep() -> dict[str, int]:
    return await asyncio.to_thread(sweep_overdue)
