"""The flow dispatcher: starts the flow named by each outbox row, exactly once in effect.

Embedded mode makes each row's flow run, records its id on the row, then runs it in this
process (see flows/embedded_runs.py), and runs the scheduled flows (the escalation sweep,
housekeeping, the governance flows) on their timers too; server mode asks a Prefect worker to
run the deployment (there the schedules live in deployments/prefect.yaml). Either way the
row's own key is Prefect's idempotency key, so a row dispatched again after a crash meets its
one run again, and flows are idempotent, so that run's second go changes nothing. Rows are
claimed a few at a time with a lease and dispatched side by side; every start and run has a
timeout, and every failed attempt is written on its row. Each round ends by sealing the audit
rows committed since the last (casework/audit_seal.py), so the trail is chained within a poll
interval of being written, off every command's path."""

import asyncio
import contextlib
import contextvars
import logging
import threading
from datetime import datetime, timedelta

from prefect import Flow, tags
from prefect.context import AsyncClientContext, SyncClientContext
from prefect.deployments import arun_deployment
from prefect.settings import get_current_settings

from casework import outbox
from casework.audit_seal import seal_audit_trail
from casework.errors import describe
from casework.flow_scope import scope_of
from casework.settings import Mode, Settings
from flows import embedded_runs, runtime
from flows.confirmation import confirmation_flow
from flows.consent_revocation import consent_revocation_flow
from flows.escalation import escalation_sweep
from flows.housekeeping import housekeeping
from flows.intake import intake_flow
from flows.memorandum_renewal import memorandum_renewal
from flows.monthly_meeting import monthly_meeting
from flows.network_report import network_report
from flows.notify import deliver_notifications
from flows.referral import referral_flow
from flows.resolution import resolution_flow

logger = logging.getLogger(__name__)

FLOWS: dict[str, Flow] = {
    "intake": intake_flow,
    "referral": referral_flow,
    "confirmation": confirmation_flow,
    "resolution": resolution_flow,
    "escalation-sweep": escalation_sweep,
    "memorandum-renewal": memorandum_renewal,
    "monthly-meeting": monthly_meeting,
    "network-report": network_report,
    "deliver-notifications": deliver_notifications,
    "consent-revocation": consent_revocation_flow,
    "housekeeping": housekeeping,
}


class DispatchFailed(Exception):
    """A failure whose message is ours, naming only the flow or the step: safe to record."""


async def _bounded(step, seconds: float, what: str):
    try:
        async with asyncio.timeout(seconds):
            return await step
    except TimeoutError:
        raise DispatchFailed(f"TimeoutError: {what} took longer than {seconds:g} s") from None


async def _start_deployment(
    flow: Flow, parameters: dict, run_tags: list[str], key: str, settings: Settings
) -> str:
    run = await _bounded(
        arun_deployment(
            f"{flow.name}/{settings.deployment_suffix}",
            parameters=parameters,
            idempotency_key=key,
            tags=run_tags,
            timeout=0,
        ),
        settings.flow_start_timeout_seconds,
        "flow start",
    )
    return str(run.id)


async def _run_embedded(
    message_id: int, flow: Flow, parameters: dict, run_tags: list[str], key: str,
    settings: Settings,
) -> str:  # fmt: skip
    run = await _bounded(
        embedded_runs.prepare_run(flow, parameters=parameters, run_tags=run_tags, key=key),
        settings.flow_start_timeout_seconds,
        "flow start",
    )
    uow = runtime.uow()
    with uow:  # committed before the run starts: a restart re-runs this run, not a new one
        outbox.record_run(uow.session, message_id, flow_run_id=str(run.id))
        uow.commit()
    if run.state is None or not run.state.is_completed():  # completed: its process died after
        state = await _bounded(
            embedded_runs.run_prepared(flow, run, parameters),
            settings.flow_run_timeout_seconds,
            "flow run",
        )
        if not state.is_completed():
            raise DispatchFailed(f"FlowRunFailed: {flow.name} flow run ended {state.type.value}")
    return str(run.id)


async def _dispatch_one(message_id: int, settings: Settings) -> None:
    uow = runtime.uow()
    with uow:
        message = uow.session.get_one(outbox.OutboxMessage, message_id)
        flow_name, parameters, key = message.flow, dict(message.parameters), message.run_key
        scope = scope_of(uow.session, parameters)
    run_tags = scope.tags() if scope else []  # whose run it is, for the supervisors' page
    flow = FLOWS[flow_name]
    try:
        if settings.mode is Mode.SERVER:
            flow_run_id = await _start_deployment(flow, parameters, run_tags, key, settings)
        else:
            flow_run_id = await _run_embedded(message_id, flow, parameters, run_tags, key, settings)
    except Exception as exc:  # any failure is retried later, never lost
        # Our own message names only the flow; another error's might quote its inputs.
        error = str(exc) if isinstance(exc, DispatchFailed) else describe(exc)
        logger.warning("outbox row %s (%s) failed: %s", message_id, flow_name, error)
        with uow:
            outbox.mark_failed(uow.session, message_id, now=uow.now(), error=error)
            uow.commit()
        return
    with uow:
        outbox.mark_dispatched(uow.session, message_id, now=uow.now(), flow_run_id=flow_run_id)
        uow.commit()


def lease(settings: Settings) -> timedelta:
    """Longer than a row's start and run together, so no live dispatcher loses a row; a dead
    one's rows wait this long, unless their runs are found Crashed when the next one starts."""
    seconds = settings.flow_start_timeout_seconds + settings.flow_run_timeout_seconds
    return timedelta(seconds=seconds + 10)


def _claim(limit: int, settings: Settings) -> list[int]:
    uow = runtime.uow()
    with uow:
        claimed = outbox.claim_due(uow.session, now=uow.now(), lease=lease(settings), limit=limit)
        uow.commit()
    return claimed


@contextlib.asynccontextmanager
async def _one_prefect_client():
    """One Prefect client of each kind for the starts and runs of a round, found by every flow
    run in it: Prefect makes each new client a TLS context and a connection (about 15 ms), and
    each flow run asks for a synchronous one (to read where results are stored) besides the
    asynchronous one. When Prefect cannot be reached, the round goes on without them, and
    each row's attempt meets the outage itself and is written on its row."""
    shared = AsyncClientContext()
    try:
        await shared.__aenter__()  # checks the server's API version, once per process
    except Exception:  # Prefect is away (each row reports how)
        with contextlib.suppress(Exception):
            await shared.client.__aexit__(None, None, None)
        yield
        return
    try:
        with SyncClientContext():  # its version check is the one above, remembered
            yield
    finally:
        await shared.__aexit__(None, None, None)


SIDE_BY_SIDE = 4  # rows at once where Prefect's database takes concurrent writes


def concurrency(settings: Settings) -> int:
    """Rows dispatched at once: `dispatcher_concurrency` if set; unset, one at a time in
    embedded mode on a Prefect server that stores in SQLite (the demo's, the tests'), since
    its writes take one lock: four runs side by side there took three times as long as one
    after another. Embedded mode reads Prefect's database from Prefect's settings in this
    process, which the server casework starts shares; server mode only starts runs."""
    if settings.dispatcher_concurrency is not None:
        return settings.dispatcher_concurrency
    if settings.mode is Mode.SERVER:
        return SIDE_BY_SIDE
    url = get_current_settings().server.database.connection_url
    stored_in = url.get_secret_value() if url is not None else "sqlite"  # Prefect's default
    return 1 if stored_in.startswith("sqlite") else SIDE_BY_SIDE


async def dispatch_all(settings: Settings) -> int:
    """Dispatch until no row is due, up to `concurrency` rows at a time, claiming
    a row only when a slot is free (so a killed process strands no more than that); returns
    how many rows were handled."""
    async with _one_prefect_client():
        return await _dispatch_due(settings)


async def _dispatch_due(settings: Settings) -> int:
    slots = concurrency(settings)
    running: set[asyncio.Task] = set()
    total = 0
    while True:
        claimed = _claim(slots - len(running), settings)
        total += len(claimed)
        running |= {asyncio.create_task(_dispatch_one(m, settings)) for m in claimed}
        if not running:
            return total
        done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is not None:  # the database was away: the row's lease lapses
                logger.error("dispatch failed", exc_info=task.exception())


async def crash_orphans() -> int:
    """Embedded mode, at start: mark the runs a dead process left Crashed, and hand their
    rows to this dispatcher now rather than after their lease; returns how many."""
    crashed = await embedded_runs.crash_orphans()
    uow = runtime.uow()
    with uow:
        outbox.release_runs(uow.session, crashed)
        uow.commit()
    return len(crashed)


class EmbeddedSchedule:
    """Embedded mode's timer for one scheduled flow, read from the injectable clock (so tests
    move time instead of waiting). The first run is at start, catching up on whatever fell
    due while the app was down; every scheduled flow is idempotent, so that is safe. Server
    mode schedules the same flows in deployments/prefect.yaml instead."""

    def __init__(self, flow: Flow, minutes: float, settings: Settings) -> None:
        self.flow = flow
        self.interval = timedelta(minutes=minutes)
        self.enabled = settings.mode is Mode.EMBEDDED and minutes > 0
        self.timeout = settings.flow_run_timeout_seconds
        self.next_at: datetime | None = None

    async def run_if_due(self) -> bool:
        if not self.enabled:
            return False
        now = runtime.uow().now()
        if self.next_at is not None and now < self.next_at:
            return False
        self.next_at = now + self.interval  # set first: a failing run waits its turn
        with tags(*embedded_runs.own_tags()):  # so that a restart can tell it was ours
            await _bounded(
                self.flow(),
                self.timeout,
                f"{self.flow.name} flow run",
            )
        return True


def embedded_schedules(settings: Settings) -> list[EmbeddedSchedule]:
    """The escalation sweep and housekeeping every `sweep_interval_minutes`; the governance
    flows (memorandum renewal, monthly meeting, monthly report: each acts once per day or
    month however often it runs) every `governance_interval_minutes`."""
    governance = [memorandum_renewal, monthly_meeting, network_report]
    return [
        EmbeddedSchedule(escalation_sweep, settings.sweep_interval_minutes, settings),
        EmbeddedSchedule(housekeeping, settings.sweep_interval_minutes, settings),
        *(EmbeddedSchedule(f, settings.governance_interval_minutes, settings) for f in governance),
    ]


class Dispatcher:
    """Runs `dispatch_all`, then the audit sealer, in a thread of its own, on start, when woken
    and every poll interval, so that flows never block the web server's event loop. In
    embedded mode it first marks the runs a dead process left Crashed, and runs the scheduled
    flows (see `embedded_schedules`) beside the outbox."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schedules = embedded_schedules(settings)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        # The thread runs in a copy of its creator's context, so settings that Prefect keeps in
        # context variables (a test harness, a profile) hold there too.
        context = contextvars.copy_context()
        self._thread = threading.Thread(
            target=context.run, args=(self._run,), name="flow-dispatcher", daemon=True
        )
        self._stopping = False

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(timeout=30)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._halt = asyncio.Event()
        self._round = asyncio.Lock()  # one outbox round at a time: the timer's or a drain's
        self._ready.set()
        # The scheduled flows keep their own time: a slow sweep never holds up the outbox.
        timers = asyncio.create_task(self._run_schedules())
        orphans_checked = self.settings.mode is not Mode.EMBEDDED
        while not self._stopping:
            try:
                async with self._round:
                    if not orphans_checked:  # before the first round, or once Prefect answers
                        await crash_orphans()
                        orphans_checked = True
                    await dispatch_all(self.settings)
            except Exception:  # the database or Prefect may be briefly away: next round
                logger.exception("dispatcher round failed")
            try:  # even with Prefect away: the sealer needs only the database
                seal_audit_trail(runtime.uow())
            except Exception:
                logger.exception("audit sealing failed")
            await self._pause(self._wake)
            self._wake.clear()
        await timers  # a scheduled run in progress ends (or times out) before we stop

    async def _run_schedules(self) -> None:
        while not self._stopping:
            for schedule in self.schedules:
                try:
                    await schedule.run_if_due()
                except Exception:  # logged by Prefect too; the next one is still due
                    logger.exception("scheduled flow %s failed", schedule.flow.name)
            await self._pause(self._halt)

    async def _pause(self, until: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(until.wait(), timeout=self.settings.dispatcher_poll_seconds)

    def wake(self) -> None:
        """Called after a command committed an outbox row."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def drain(self, timeout: float = 120) -> int:
        """Dispatch everything due now and wait for it (command line, tests): after the round
        in progress, whose claimed rows a drain of its own would skip, has finished too."""
        assert self._loop is not None, "start() the dispatcher first"
        future = asyncio.run_coroutine_threadsafe(self._drain(), self._loop)
        return future.result(timeout)

    async def _drain(self) -> int:
        async with self._round:
            handled = await dispatch_all(self.settings)
            seal_audit_trail(runtime.uow())
            return handled

    def stop(self) -> None:
        self._stopping = True
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._halt.set)
        self.wake()
        self._thread.join(timeout=30)
