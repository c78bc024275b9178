"""Memorandum renewal flow, run daily: draft the next version of each network's memorandum 30
days before the valid one lapses (every member is asked to sign it off), and publish each
draft once every member has answered, or on the day the new version starts.

SCHEDULES: daily at 06:15 Asia/Dushanbe, cron "15 6 * * *" (deployment memorandum-renewal/server).
Parameters: `day` (ISO date) to run as of another day; default: today in the region."""

import asyncio
from datetime import date

from prefect import flow

from casework.governance.memoranda.commands.drafts import draft_due_memoranda
from casework.governance.memoranda.commands.publication import publish_ready_drafts
from flows import runtime

ACTOR = runtime.actor("memorandum-renewal")


def draft_due(day: str) -> list[int]:
    return draft_due_memoranda(runtime.uow(), actor=ACTOR, day=date.fromisoformat(day))


def publish_ready(day: str) -> list[int]:
    return publish_ready_drafts(runtime.uow(), actor=ACTOR, day=date.fromisoformat(day))


@flow(name="memorandum-renewal")
async def memorandum_renewal(day: str | None = None) -> dict[str, list[int]]:
    day = day or runtime.today().isoformat()
    return {
        "drafts": await asyncio.to_thread(draft_due, day),
        "published": await asyncio.to_thread(publish_ready, day),
    }
