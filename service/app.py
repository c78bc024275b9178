"""Application factory: settings in, FastAPI app out; nothing happens at import time."""

import gc
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from casework.bootstrap import unit_of_work
from casework.privacy.safe_logs import configure_logging
from casework.readiness import refuse_unready
from casework.settings import Settings, get_settings
from casework.uow import UnitOfWork
from flows import prefect_api, runtime
from service import errors, outage
from service.body_limit import BodyLimits
from service.idempotency import IdempotencyKeys
from service.json_bodies import JsonBodies
from service.pages import router as pages_router
from service.pages.governance.decisions import UPLOADS
from service.routes import (
    API_PREFIX,
    administration,
    agenda,
    auth,
    beneficiaries,
    case_actions,
    cases,
    decisions,
    fhir,
    form_checks,
    forms,
    health,
    hsds,
    institution,
    meetings,
    members,
    memoranda,
    notifications,
    profile_codes,
    reason_codes,
    referral_steps,
    referrals,
    reports,
    services,
    users,
)


def create_served_app() -> FastAPI:
    """The app as `casework serve` runs it, with what building it left frozen out of the
    garbage collector: modules, routes and Prefect's settings, some 200,000 objects that live
    as long as the process. A full collection walked them all, 75 ms during which no request
    moved, and it ran every few seconds under load."""
    app = create_app()
    gc.collect()  # what start-up left as garbage goes first: frozen, it would stay
    gc.freeze()
    return app


def create_app(
    settings: Settings | None = None, *, uow_factory: Callable[[], UnitOfWork] | None = None
) -> FastAPI:
    settings = settings or get_settings()
    make_uow = uow_factory or (lambda: unit_of_work(settings))
    # Here, not only in the CLI: under uvicorn or several workers this is the entrypoint.
    configure_logging()
    refuse_unready(settings, make_uow())  # exits the process with one line
    if settings.dispatcher_enabled:
        prefect_api.require_server()  # likewise, rather than let Prefect start a server

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with runtime.configured(make_uow, settings):
            dispatcher = None
            if settings.dispatcher_enabled:
                # Here, not at import: the flows bring Prefect (about 0.6 s), which the
                # command line and a process with the dispatcher off never need.
                from flows.dispatch import Dispatcher

                dispatcher = Dispatcher(settings)
            app.state.dispatcher = dispatcher
            if dispatcher is not None:
                dispatcher.start()  # its first round heals rows left undispatched by a crash
            try:
                yield
            finally:
                if dispatcher is not None:
                    dispatcher.stop()

    app = FastAPI(
        title="Referral engine",
        version="0.1.0",
        description="Referrals of NGO beneficiaries to member institutions of a network.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.uow_factory = make_uow
    errors.install(app)
    outage.install(app)
    # A request is matched against every route in this order until one fits (FastAPI checks
    # no prefix first): the casework of every day first, the governance of a month last.
    app.include_router(auth.router, prefix=API_PREFIX)
    app.include_router(cases.router, prefix=API_PREFIX)
    app.include_router(case_actions.router, prefix=API_PREFIX)
    app.include_router(referrals.router, prefix=API_PREFIX)
    app.include_router(referral_steps.router, prefix=API_PREFIX)
    app.include_router(institution.router, prefix=API_PREFIX)
    app.include_router(beneficiaries.router, prefix=API_PREFIX)
    app.include_router(forms.router, prefix=API_PREFIX)
    app.include_router(notifications.router, prefix=API_PREFIX)
    app.include_router(health.router)
    app.include_router(form_checks.router)  # public: verify page, slip page, signing keys
    app.include_router(services.router, prefix=API_PREFIX)
    app.include_router(hsds.router, prefix=API_PREFIX)
    app.include_router(reason_codes.router, prefix=API_PREFIX)
    app.include_router(profile_codes.router, prefix=API_PREFIX)
    for governance in (memoranda, members, meetings, agenda, decisions, reports):
        app.include_router(governance.router, prefix=API_PREFIX)
    app.include_router(users.router, prefix=API_PREFIX)
    app.include_router(administration.router, prefix=API_PREFIX)
    app.include_router(fhir.router)  # for institutions' own systems: /fhir/r4, FHIR's errors
    app.include_router(pages_router)  # the web pages, signed in with a cookie
    # The last added runs first: bound the body (size and time), refuse a body that is not
    # JSON on the API, then look up the idempotency key.
    app.add_middleware(
        IdempotencyKeys, prefix=API_PREFIX, exempt=frozenset({f"{API_PREFIX}/auth/token"})
    )
    app.add_middleware(JsonBodies, prefix=API_PREFIX)
    app.add_middleware(
        BodyLimits,
        max_bytes=settings.max_request_bytes,
        max_seconds=settings.max_request_seconds,
        uploads=UPLOADS,
        upload_max_bytes=settings.max_request_bytes + settings.attachment_max_bytes,
    )
    return app
