"""Housekeeping flow: deletes what the engine keeps only for a while, so that nothing outlives
its purpose waiting for its owner to come back: Idempotency-Keys past their lifetime
(`CASEWORK_IDEMPOTENCY_KEY_HOURS`) and failed logins past their window
(`CASEWORK_LOGIN_FAILURE_WINDOW_SECONDS`). Returns counts only.

SCHEDULES: hourly at minute 45, cron "45 * * * *" (deployment housekeeping/server); embedded
mode runs it with the escalation sweep."""

import asyncio
from datetime import timedelta

from prefect import flow

from casework import idempotency
from casework.accounts.commands import forget_expired_failed_logins
from casework.accounts.throttle import LoginLimits
from flows import runtime


def forget_expired_keys() -> int:
    lifetime = timedelta(hours=runtime.settings().idempotency_key_hours)
    return idempotency.forget_expired(runtime.uow(), lifetime=lifetime)


def forget_old_failed_logins() -> int:
    limits = LoginLimits.of(runtime.settings())
    return forget_expired_failed_logins(runtime.uow(), limits=limits)


@flow(name="housekeeping")
async def housekeeping() -> dict[str, int]:
    return {
        "idempotency_keys_deleted": await asyncio.to_thread(forget_expired_keys),
        "failed_logins_deleted": await asyncio.to_thread(forget_old_failed_logins),
    }
