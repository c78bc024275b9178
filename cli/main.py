"""`casework`: migrate, seed the demo network, serve, sweep, back up and restore, and run the
demo scenario."""

import signal
import sys
from datetime import UTC, datetime, time

import typer
from rich.progress import Progress

from casework.accounts.commands import (
    TokenLifetimes,
    create_user,
    issue_api_token,
    revoke_tokens,
)
from casework.actors import Role, system_actor
from casework.bootstrap import unit_of_work
from casework.db import create_db_engine
from casework.privacy.keys import init_keys
from casework.privacy.safe_logs import configure_logging
from casework.readiness import refuse_unready
from casework.runtime_role import grant_runtime, runtime_role_of
from casework.schema_version import alembic_config
from casework.settings import Environment, Settings, get_settings
from cli.backup import backup, restore_backup
from cli.escalation import escalation_app, notifications_app
from cli.export import export_app
from cli.forms import forms_app
from cli.governance import governance_app
from cli.population_groups import network_app
from cli.prefect_server import ensure_prefect_environment, run_flow
from cli.privacy import audit_app, beneficiaries_app, keys_retire, keys_rotate
from cli.refusals import RefusalsEndTheCommand
from referral_forms.keys import FormKeys

app = typer.Typer(
    help="Referral engine operator commands.", no_args_is_help=True, cls=RefusalsEndTheCommand
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="The invented demo network.", no_args_is_help=True)
keys_app = typer.Typer(help="Secrets kept outside the database.", no_args_is_help=True)
users_app = typer.Typer(help="Staff accounts and their API tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(keys_app, name="keys")
app.add_typer(forms_app, name="forms")
app.add_typer(escalation_app, name="escalation")
app.add_typer(notifications_app, name="notifications")
app.add_typer(governance_app, name="governance")
app.add_typer(audit_app, name="audit")
app.add_typer(beneficiaries_app, name="beneficiaries")
app.add_typer(export_app, name="export")
app.add_typer(network_app, name="network")
keys_app.command("rotate")(keys_rotate)
keys_app.command("retire")(keys_retire)
app.command("backup")(backup)
app.command("restore")(restore_backup)


@app.callback()
def _prepare() -> None:
    ensure_prefect_environment(get_settings())
    configure_logging()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply Alembic migrations as the owner (CASEWORK_MIGRATION_DATABASE_URL); when the app
    runs as another PostgreSQL role (CASEWORK_DATABASE_URL), grant it the new tables."""
    from alembic import command

    settings = get_settings()
    command.upgrade(alembic_config(settings.migration_database_url), revision)
    typer.echo(f"database at {revision}")
    role = runtime_role_of(settings.database_url, settings.migration_database_url)
    if role is not None:
        _grant_runtime(settings, role)


@db_app.command("grant-runtime")
def db_grant_runtime(
    role: str | None = typer.Argument(None, help="default: the user of CASEWORK_DATABASE_URL"),
) -> None:
    """Give the PostgreSQL role the app runs as what it needs, as the owner: records read and
    written, audit rows only appended (no UPDATE, DELETE or TRUNCATE), the chain head moved."""
    settings = get_settings()
    role = role or runtime_role_of(settings.database_url, settings.migration_database_url)
    if role is None:
        raise typer.BadParameter(
            "name the role, or set CASEWORK_DATABASE_URL to the runtime role and "
            "CASEWORK_MIGRATION_DATABASE_URL to the owner"
        )
    _grant_runtime(settings, role)


def _grant_runtime(settings: Settings, role: str) -> None:
    engine = create_db_engine(settings.migration_database_url)
    try:
        tables = grant_runtime(engine, role)
    finally:
        engine.dispose()
    typer.echo(f"runtime role {role} granted {len(tables)} tables; audit rows append-only")


@keys_app.command("init")
def keys_init() -> None:
    """Create the secrets this installation lacks (the UIC pepper, the vault key-encryption
    key, the form signing key), readable by the owner only; outside production they are
    marked as demo keys."""
    settings = get_settings()
    for path in init_keys(settings):
        typer.echo(f"created {path}")
    form_keys = FormKeys.of(settings)
    if form_keys.generate() is not None:
        typer.echo(f"created a form signing key in {form_keys.directory}")


OPERATOR = system_actor("cli")


@users_app.command("create")
def users_create(
    username: str,
    role: Role = typer.Option(
        ..., help="caseworker, supervisor, focal_point, coordinator or admin"
    ),
    organisation_id: int | None = typer.Option(None, help="the member organisation"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a staff account."""
    user_id = create_user(
        unit_of_work(),
        actor=OPERATOR,
        username=username,
        role=role,
        password=password,
        organisation_id=organisation_id,
    )
    typer.echo(f"user {username} created (id {user_id})")


@users_app.command("token")
def users_token(
    username: str, label: str = typer.Option("cli", help="what the token is for")
) -> None:
    """Issue an API token for a coordinator or an administrator; it is shown once, stored only
    as a hash, and expires after CASEWORK_API_TOKEN_DAYS."""
    issued = issue_api_token(
        unit_of_work(),
        actor=OPERATOR,
        username=username,
        label=label,
        lifetimes=TokenLifetimes.of(get_settings()),
    )
    typer.echo(issued.token)


@users_app.command("revoke")
def users_revoke(username: str) -> None:
    """Revoke every token and web session of a user."""
    count = revoke_tokens(unit_of_work(), actor=OPERATOR, username=username)
    typer.echo(f"{count} token(s) revoked for {username}")


@demo_app.command("seed")
def demo_seed(
    year: bool = typer.Option(True, help="In demo mode, also play a year of the network's work."),
) -> None:
    """Load the demo network if the database has none; in demo mode, its accounts and a year
    of its work (unless the network has cases already), so that every page has data."""
    from casework.clock import FrozenClock
    from casework.demo.history import seed_demo_year, year_start
    from casework.demo.network import seed_demo_network
    from casework.demo.users import seed_demo_users
    from cli.demo import ReportRenderer, year_settler

    settings = get_settings()
    year = year and settings.environment is Environment.DEMO
    now = unit_of_work(settings).now()
    clock = FrozenClock(now)
    uow = unit_of_work(settings, clock=clock)
    today = uow.calendar.today(now)
    if year:  # the network as it stood when the year began; the year moves the clock on
        today = year_start(today)
        clock.current = datetime.combine(today, time(), tzinfo=UTC)
    report = seed_demo_network(uow, today=today)
    if report is None:
        typer.echo("demo network already present")
    else:
        typer.echo(
            f"seeded demo network {report.network_id}: {report.members} members, "
            f"{report.memorandum_versions} memorandum versions, "
            f"{report.outside_referrers} outside referrer"
        )
    if settings.environment is not Environment.DEMO:
        return
    created = seed_demo_users(uow, password=settings.demo_password.get_secret_value())
    typer.echo(f"demo users created: {', '.join(created) or 'none (all present)'}")
    if not year:
        return
    with ReportRenderer() as renderer:
        played = seed_demo_year(uow, settle=year_settler(renderer), until=now)
    if played is None:
        typer.echo("demo year already present")
    else:
        typer.echo(
            f"seeded a year of demo work: {played.cases} cases, {played.referrals} referrals, "
            f"{played.counts.get('meetings', 0)} meetings, "
            f"{played.counts.get('reports', 0)} reports"
        )


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    with_prefect_server: bool = typer.Option(
        False,
        help="Start a local Prefect server at CASEWORK_PREFECT_UI_URL, or use the one already "
        "there (its UI is the flow dashboard); without it, PREFECT_API_URL names the server.",
    ),
    workers: int = typer.Option(
        1,
        min=1,
        help="Processes serving the app, each accepting on a socket of its own (SO_REUSEPORT), "
        "so that connections spread over them; if one ends, all stop.",
    ),
    access_log: bool = typer.Option(True, help="Log each request (method, path, status)."),
) -> None:
    """Serve the app; in embedded mode its process also dispatches flows, on a known Prefect
    server only. It refuses to start, in one line, on a database not at this version's newest
    migration or without a key it needs; production also with demo accounts or keys, or a base
    URL without https. SIGTERM stops the app, then the Prefect server it started."""
    from cli.prefect_server import PrefectServer
    from cli.workers import run as run_workers

    settings = get_settings()
    refuse_unready(settings, unit_of_work(settings))  # before starting anything
    _exit_cleanly_on_sigterm()
    prefect = PrefectServer(settings) if with_prefect_server else None
    try:
        if prefect is not None:
            prefect.start()
            typer.echo(f"Prefect UI on {prefect.url}")
        # The factory refuses, with one line, when no Prefect server is known. It imports
        # Prefect, which reads its settings once: only after start() set the URL.
        # log_config=None: uvicorn's records go through our JSON-lines handler (ids only).
        run_workers(
            "service.app:create_served_app",
            workers=workers,
            factory=True,
            host=host,
            port=port,
            log_config=None,
            access_log=access_log,
        )
    finally:
        if prefect is not None:
            from flows.prefect_api import flush_to_server

            flush_to_server(timeout=10)  # first: the flows' last logs need the server
            prefect.stop()


def _exit_cleanly_on_sigterm() -> None:
    """uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the handler
    it found. Python's default one ends the process on the spot, skipping `finally` and atexit:
    the Prefect server would outlive us. This one exits as an exception does (status 143)."""
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


@app.command()
def escalate(once: bool = typer.Option(True, "--once", help="Run one sweep and exit.")) -> None:
    """Run the escalation sweep flow once."""
    from flows.escalation import escalation_sweep

    if not once:
        raise typer.BadParameter("only --once is supported; schedules run the sweep otherwise")
    result = run_flow(escalation_sweep)
    levels = ", ".join(
        f"{k.replace('_', ' ')}: {v}" for k, v in result.items() if k.startswith("level_")
    )
    typer.echo(
        f"escalated {result['escalated']}, expired {result['expired']}"
        + (f" ({levels})" if levels else "")
    )


@app.command()
def scenario(
    cases: int = typer.Option(38, min=1, help="How many beneficiaries to take through."),
) -> None:
    """Drive demo cases from intake to resolution through the flows, with a progress bar."""
    from casework.demo.scenario import run_scenario
    from flows.dispatch import Dispatcher
    from flows.prefect_api import require_server

    settings = get_settings()
    if settings.environment is Environment.PRODUCTION:
        raise typer.BadParameter("the demo scenario never runs in production")
    require_server()
    dispatcher = Dispatcher(settings)
    dispatcher.start()
    try:
        with Progress() as progress:
            bar = progress.add_task("cases", total=cases)

            def after_case() -> None:
                dispatcher.drain()
                progress.advance(bar)

            report = run_scenario(unit_of_work(), count=cases, after_case=after_case)
    finally:
        dispatcher.stop()
    typer.echo(f"{len(report.cases)} cases taken from intake to resolution")
