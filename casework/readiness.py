"""What production refuses to start with: state made for the demo, and a way in without TLS.

Both ways of serving, the app factory (under `casework serve` or uvicorn directly) and
`casework serve` before it starts anything, call `refuse_unready_production`."""

from urllib.parse import urlsplit

from sqlalchemy import select

from casework.accounts.model import User
from casework.demo.users import DEMO_USERNAME_PREFIX
from casework.errors import DomainError
from casework.privacy.keys import KeyRing
from casework.settings import Environment, Settings
from casework.uow import UnitOfWork

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class NotReadyForProduction(SystemExit):
    """Raised instead of serving: the process exits non-zero with this one line."""


def production_readiness(settings: Settings, uow: UnitOfWork) -> list[str]:
    """What is wrong for production with these settings and this database, one sentence each;
    empty when nothing is. The settings are production's: demo keys are refused only there."""
    return [*_demo_accounts(uow), *_demo_or_missing_keys(settings), *_base_url(settings)]


def refuse_unready_production(settings: Settings, uow: UnitOfWork) -> None:
    """In production, stop the process if anything is wrong for it; elsewhere do nothing."""
    if settings.environment is not Environment.PRODUCTION:
        return
    problems = production_readiness(settings, uow)
    if problems:
        raise NotReadyForProduction("refusing to start in production: " + "; ".join(problems))


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
