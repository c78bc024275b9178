"""The flow dispatcher: starts the flow named by each outbox row, exactly once in effect.

Embedded mode runs the flow in this process, and runs the scheduled flows (the escalation
sweep, housekeeping, the governance flows) on their timers too; server mode asks a Prefect
worker to run the deployment, with the outbox row id as idempotency key (there the schedules
live in deployments/prefect.yaml). Rows are claimed with a lease, so a dispatcher that dies mid-way
leaves them for the next one; flows are idempotent, so a row dispatched twice changes nothing
the second time."""

import asyncio
import contextlib
import contextvars
import logging
import threading
from datetime import datetime, timedelta

from prefect import Flow, tags
from prefect.deployments import arun_deployment

from casework import outbox
from casework.errors import describe
from casework.flow_scope import scope_of
from casework.settings import Mode, Settings
from flows import runtime
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
LEASE = timedelta(
    seconds=60
)  # far longer than a flow start takes; a dead dispatcher's rows wait this long


class FlowRunFailed(Exception):
    pass


async def _start(
    message_id: int, flow_name: str, parameters: dict, run_tags: list[str], settings: Settings
) -> str:
    flow = FLOWS[flow_name]
    if settings.mode is Mode.SERVER:
        run = await arun_deployment(
            f"{flow.name}/{settings.deployment_suffix}",
            parameters=parameters,
            idempotency_key=f"outbox-{message_id}",
            tags=run_tags,
            timeout=0,
        )
        return str(run.id)
    with tags(*run_tags):
        state = await flow(**parameters, return_state=True)
    if not state.is_completed():
        raise FlowRunFailed(f"{flow_name} flow run ended {state.type.value}")
    return str(state.state_details.flow_run_id)


async def _dispatch_one(message_id: int, settings: Settings) -> None:
    uow = runtime.uow()
    with uow:
        message = uow.session.get_one(outbox.OutboxMessage, message_id)
        flow_name, parameters = message.flow, dict(message.parameters)
        scope = scope_of(uow.session, parameters)
    run_tags = scope.tags() if scope else []  # whose run it is, for the supervisors' page
    try:
        flow_run_id = await _start(message_id, flow_name, parameters, run_tags, settings)
    except Exception as exc:  # any failure is retried later, never lost
        logger.warning("outbox row %s (%s) failed: %s", message_id, flow_name, type(exc).__name__)
        with uow:
            # Our own message names only the flow; another error's might quote its inputs.
            error = f"FlowRunFailed: {exc}" if isinstance(exc, FlowRunFailed) else describe(exc)
            outbox.mark_failed(uow.session, message_id, now=uow.now(), error=error)
            uow.commit()
        return
    with uow:
        outbox.mark_dispatched(uow.session, message_id, now=uow.now(), flow_run_id=flow_run_id)
        uow.commit()


async def dispatch_due(settings: Settings, *, limit: int = 50) -> int:
    """Start the flows of up to `limit` due outbox rows, one after another (flows run sync
    tasks on this loop, so running them side by side would not be faster, and could block
    each other); returns how many rows were claimed."""
    uow = runtime.uow()
    with uow:
        claimed = outbox.claim_due(uow.session, now=uow.now(), lease=LEASE, limit=limit)
        uow.commit()
    for message_id in claimed:
        await _dispatch_one(message_id, settings)
    return len(claimed)


async def dispatch_all(settings: Settings) -> int:
    """Dispatch until no row is due; returns how many rows were handled."""
    total = 0
    while handled := await dispatch_due(settings):
        total += handled
    return total


class EmbeddedSchedule:
    """Embedded mode's timer for one scheduled flow, read from the injectable clock (so tests
    move time instead of waiting). The first run is at start, catching up on whatever fell
    due while the app was down; every scheduled flow is idempotent, so that is safe. Server
    mode schedules the same flows in deployments/prefect.yaml instead."""

    def __init__(self, flow: Flow, minutes: float, settings: Settings) -> None:
        self.flow = flow
        self.interval = timedelta(minutes=minutes)
        self.enabled = settings.mode is Mode.EMBEDDED and minutes > 0
        self.next_at: datetime | None = None

    async def run_if_due(self) -> bool:
        if not self.enabled:
            return False
        now = runtime.uow().now()
        if self.next_at is not None and now < self.next_at:
            return False
        self.next_at = now + self.interval  # set first: a failing run waits its turn
        await self.flow()
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
    """Runs `dispatch_all` in a thread of its own, on start, when woken and every poll
    interval, so that flows never block the web server's event loop. In embedded mode it
    also runs the scheduled flows (see `embedded_schedules`)."""

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
        self._round = asyncio.Lock()  # one round at a time: the timer's or a drain's
        self._ready.set()
        while not self._stopping:
            try:
                async with self._round:
                    for schedule in self.schedules:
                        await schedule.run_if_due()
                    await dispatch_all(self.settings)
            except Exception:  # the database may be briefly away; try again next round
                logger.exception("dispatcher round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._wake.wait(), timeout=self.settings.dispatcher_poll_seconds
                )
            self._wake.clear()

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
            return await dispatch_all(self.settings)

    def stop(self) -> None:
        self._stopping = True
        self.wake()
        self._thread.join(timeout=30)
