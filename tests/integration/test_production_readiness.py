"""Production refuses to start with demo state: a demo account, a demo key of any kind, or a
base URL without https (localhost only when the operator says TLS ends in front of the app)."""

import pytest
from pydantic import SecretStr
from sqlalchemy import func, update

from casework.accounts.model import User
from casework.demo.users import seed_demo_users
from casework.privacy.keys import DEMO_PREFIX, init_keys
from casework.readiness import NotReadyForProduction, production_readiness
from casework.settings import Environment, Settings
from referral_forms.keys import FormKeys, KeySet
from tests.support.databases import DEMO_PASSWORD
from tests.support.serving import refused_serve

REAL_SECRET = "r" * 40


@pytest.fixture
def production(settings: Settings, tmp_path) -> Settings:
    """Production settings with real keys of every kind, over the test database."""
    ready = Settings(
        environment=Environment.PRODUCTION,
        database_url=settings.database_url,
        data_dir=tmp_path / "production",
        base_url="https://referrals.example.org",
        webhook_secret=SecretStr(REAL_SECRET),
    )
    init_keys(ready)
    FormKeys.of(ready).generate()
    return ready


@pytest.fixture
def no_demo_accounts(uow):
    """The test database is seeded with the demo users; here they become staff accounts."""
    with uow:
        uow.session.execute(
            update(User)
            .where(User.username.startswith("demo-"))
            .values(username=func.replace(User.username, "demo-", "staff-"))
        )
        uow.commit()


def test_a_production_with_real_keys_https_and_no_demo_account_is_ready(
    production, uow, no_demo_accounts
):
    assert production_readiness(production, uow) == []


def test_every_demo_account_is_named(production, uow):
    (problem,) = production_readiness(production, uow)
    assert problem.startswith("demo accounts exist (demo-admin, demo-caseworker,")
    assert "demo-supervisor" in problem


def test_a_demo_account_seeded_again_is_refused(production, uow, no_demo_accounts):
    created = seed_demo_users(uow, password=DEMO_PASSWORD)
    (problem,) = production_readiness(production, uow)
    assert all(username in problem for username in created)


def test_a_demo_form_signing_key_is_refused(production, uow, no_demo_accounts, tmp_path):
    demo_keys = FormKeys.of(Settings(environment=Environment.DEMO, data_dir=tmp_path / "demo"))
    demo_keys.generate()
    copied = production.model_copy(update={"form_keys_dir": demo_keys.directory})
    problems = production_readiness(copied, uow)
    assert problems == [
        "the form signing key file 001.key is a demo key, which production refuses: remove the "
        "demo keys, then create real ones with CASEWORK_ENVIRONMENT=production `casework keys init`"
    ]
    assert demo_keys.signing_key()[0] == 1  # outside production the demo key still signs


def test_a_demo_webhook_secret_is_refused(production, uow, no_demo_accounts, tmp_path):
    secret_file = tmp_path / "webhook-secret"
    secret_file.write_text("demo-" + REAL_SECRET)
    copied = production.model_copy(
        update={"webhook_secret": None, "webhook_secret_file": secret_file}
    )
    (problem,) = production_readiness(copied, uow)
    assert problem.startswith("the webhook secret is a demo key")


def test_a_demo_pepper_is_refused(production, uow, no_demo_accounts):
    copied = production.model_copy(update={"uic_pepper": SecretStr("demo-" + REAL_SECRET)})
    (problem,) = production_readiness(copied, uow)
    assert problem.startswith("the UIC pepper is a demo key")


@pytest.mark.parametrize(
    ("base_url", "allow_http_localhost", "refused"),
    [
        ("http://referrals.example.org", False, "production serves over https only"),
        ("http://referrals.example.org", True, "production serves over https only"),
        ("http://127.0.0.1:8000", False, "CASEWORK_ALLOW_HTTP_LOCALHOST=true only if"),
        ("http://localhost:8000", False, "CASEWORK_ALLOW_HTTP_LOCALHOST=true only if"),
        ("referrals.example.org", False, "production serves over https only"),
        ("http://127.0.0.1:8000", True, None),
        ("http://localhost", True, None),
        ("https://referrals.example.org:8443/casework", False, None),
    ],
)
def test_the_base_url_is_https_or_an_explicitly_allowed_localhost(
    production, uow, no_demo_accounts, base_url, allow_http_localhost, refused
):
    copied = production.model_copy(
        update={"base_url": base_url, "allow_http_localhost": allow_http_localhost}
    )
    problems = production_readiness(copied, uow)
    if refused is None:
        assert problems == []
    else:
        (problem,) = problems
        assert problem.startswith(f"CASEWORK_BASE_URL is {base_url}") and refused in problem


def test_the_app_factory_refuses_to_build_an_unready_production(production, new_uow):
    from service.app import create_app

    with pytest.raises(NotReadyForProduction) as refused:
        create_app(production, uow_factory=new_uow)
    assert refused.value.code.startswith("refusing to start in production: demo accounts exist")


def test_casework_serve_refuses_in_one_line_and_exits_non_zero(production, monkeypatch):
    (line,) = refused_serve(
        monkeypatch,
        CASEWORK_ENVIRONMENT="production",
        CASEWORK_DATA_DIR=str(production.data_dir),
        CASEWORK_DATABASE_URL=production.database_url,
        CASEWORK_BASE_URL="http://referrals.example.org",
    )
    assert line.startswith("refusing to start in production: demo accounts exist (demo-admin")
    assert "CASEWORK_BASE_URL is http://referrals.example.org" in line


def test_form_keys_made_outside_production_are_marked_and_still_sign_and_verify(tmp_path):
    demo = FormKeys.of(Settings(environment=Environment.DEMO, data_dir=tmp_path / "demo"))
    demo.generate()
    assert all(p.read_bytes().startswith(DEMO_PREFIX) for p in demo.directory.iterdir())
    kid, _ = demo.signing_key()
    assert set(demo.public_keys().keys) == {kid}
    assert KeySet.from_file(demo.directory / "001.pub").any_id is not None  # a lone PEM key
    real = FormKeys.of(Settings(environment=Environment.PRODUCTION, data_dir=tmp_path / "real"))
    real.generate()
    assert not any(p.read_bytes().startswith(DEMO_PREFIX) for p in real.directory.iterdir())
