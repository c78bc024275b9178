"""What the app refuses to start with: a database not at this code's migration, a missing key;
in production also state made for the demo, and a way in without TLS.

Both ways of serving, the app factory (under `casework serve` or uvicorn directly) and
`casework serve` before it starts anything, call `refuse_unready`."""

from urllib.parse import urlsplit

from sqlalchemy import select

from casework.accounts.model import User
from casework.demo.users import DEMO_USERNAME_PREFIX
from casework.errors import DatabaseUnavailable, DomainError
from casework.privacy.keys import KeyRing, MissingKey
from casework.schema_version import schema_problem
from casework.settings import Environment, Settings
from casework.uow import UnitOfWork

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class NotReadyToServe(SystemExit):
    """Raised instead of serving: the process exits non-zero with this one line."""


class NotReadyForProduction(NotReadyToServe):
    """Production's refusal: demo state, or a base URL without https."""


def production_readiness(settings: Settings, uow: UnitOfWork) -> list[str]:
    """What is wrong for production with these settings and this database, one sentence each;
    empty when nothing is. The settings are production's: demo keys are refused only there."""
    return [*_demo_accounts(uow), *_demo_or_missing_keys(settings), *_base_url(settings)]


def refuse_unready(settings: Settings, uow: UnitOfWork) -> None:
    """Stop the process, with one line that names the remedy, if it cannot serve: the
    database is not at this code's newest migration (every request would fail on a missing
    table or column), or a key is missing; in production, anything production_readiness
    finds (missing keys among them)."""
    problem = _schema(uow)
    if problem is not None:
        raise NotReadyToServe(f"refusing to start: {problem}")
    if settings.environment is Environment.PRODUCTION:
        problems = production_readiness(settings, uow)
        if problems:
            raise NotReadyForProduction("refusing to start in production: " + "; ".join(problems))
    elif (missing := _missing_key(settings)) is not None:
        raise NotReadyToServe(f"refusing to start: {missing}")


def _schema(uow: UnitOfWork) -> str | None:
    try:
        with uow.one_read() as connection:
            return schema_problem(connection)
    except DatabaseUnavailable:
        # Not a reason to refuse: the app answers 503, and its health check says so, until
        # the database is back (production's own checks below need it, and refuse).
        return None


def _missing_key(settings: Settings) -> str | None:
    try:
        KeyRing(settings).check()
    except MissingKey as missing:
        return missing.message
    return None


def _demo_accounts(uow: UnitOfWork) -> list[str]:
    with uow:
        names = uow.session.scalars(
            select(User.username)
            .where(User.username.startswith(DEMO_USERNAME_PREFIX, autoescape=True))
            .order_by(User.username)
        ).all()
    if not names:
        return []
    return [
        f"demo accounts exist ({', '.join(names)}); production runs on a database "
        "never seeded with the demo users"
    ]


def _demo_or_missing_keys(settings: Settings) -> list[str]:
    keys = KeyRing(settings)
    checks = [keys.check, keys.check_form_keys]
    if settings.webhook_secret is not None or settings.webhook_secret_file is not None:
        checks.append(lambda: keys.webhook_secret)
    problems = []
    for check in checks:
        try:
            check()
        except DomainError as refused:
            problems.append(refused.message)
    return problems


def _base_url(settings: Settings) -> list[str]:
    url = urlsplit(settings.base_url)
    if url.scheme == "https" and url.hostname:
        return []
    local = url.scheme == "http" and url.hostname in LOCAL_HOSTS
    if local and settings.allow_http_localhost:
        return []
    if local:
        return [
            f"CASEWORK_BASE_URL is {settings.base_url}, not https: set "
            "CASEWORK_ALLOW_HTTP_LOCALHOST=true only if TLS ends in front of the app on this host"
        ]
    return [f"CASEWORK_BASE_URL is {settings.base_url}; production serves over https only"]
