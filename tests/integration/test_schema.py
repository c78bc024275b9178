"""The migrations build exactly the schema the models describe, and the demo network."""

from datetime import UTC, datetime
from itertools import pairwise

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from casework.cases.model import Case
from casework.governance.memoranda.model import Memorandum, MemorandumSignature
from casework.network.model import Member, MemberKind, SubNetwork
from casework.network.services import ServiceCode
from casework.outbox import OutboxMessage
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.schema_version import alembic_config
from casework.settings import get_settings
from tests.support.databases import TEST_PEPPER
from tests.support.network import demo


@pytest.fixture(autouse=True)
def chain_key(monkeypatch):
    """Migrating audit rows across 0012_keyed_audit_chain needs the chain key, as it does for
    an operator (`casework keys init` before `casework db upgrade`)."""
    monkeypatch.setenv("CASEWORK_UIC_PEPPER", TEST_PEPPER)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_migrated_schema_matches_the_models(db_url):
    command.check(alembic_config(db_url))  # raises if autogenerate would find any difference


def test_migrations_go_down_to_empty_and_up_again(db_url):
    config = alembic_config(db_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    command.check(config)


def test_outbox_rows_written_before_subjects_existed_get_theirs(db_url, engine):
    config = alembic_config(db_url)
    command.downgrade(config, "0007_privacy")
    with engine.begin() as connection:
        for flow, parameters in [
            ("referral", '{"referral_id": "r-1"}'),
            ("intake", '{"case_id": "c-1"}'),
            ("escalation-sweep", "{}"),
        ]:
            connection.execute(
                text(
                    "INSERT INTO outbox (created_at, flow, parameters, available_at, attempts) "
                    "VALUES (:now, :flow, :parameters, :now, 0)"
                ),
                {"now": datetime(2026, 3, 2), "flow": flow, "parameters": parameters},
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        subjects = dict(
            connection.execute(select(OutboxMessage.flow, OutboxMessage.subject_id)).all()
        )
    assert subjects == {"referral": "r-1", "intake": "c-1", "escalation-sweep": None}
    with engine.connect() as connection:  # and each its own key for its one flow run
        keys = connection.execute(select(OutboxMessage.run_key)).scalars().all()
    assert len(set(keys)) == 3 and all(key.startswith("outbox-") for key in keys)


def test_the_demo_network_is_khatlon_like(uow):
    with uow:
        kinds = dict(
            uow.session.execute(
                select(Member.kind, func.count())
                .where(Member.outside_referrer.is_(False))
                .group_by(Member.kind)
            ).all()
        )
        assert kinds == {MemberKind.GOVERNMENT: 10, MemberKind.NGO: 10, MemberKind.MEDIA: 3}
        referrers = select(Member.kind).where(Member.outside_referrer.is_(True))
        assert list(uow.session.scalars(referrers)) == [MemberKind.NGO]  # and one NGO that refers
        assert uow.session.scalar(select(func.count()).select_from(SubNetwork)) == 2
        assert all("(demo)" in name for name in uow.session.scalars(select(Member.name)))
        first = uow.session.scalar(select(Memorandum).where(Memorandum.version == 1))
        assert str(first.signed_on) == "2009-09-10"
        founders = uow.session.scalar(
            select(func.count()).where(MemorandumSignature.memorandum_id == first.id)
        )
        assert founders == 12
        versions = list(uow.session.scalars(select(Memorandum).order_by(Memorandum.version)))
        # renewed every year since, without gap or overlap, up to the version valid "today"
        assert [v.valid_from.year for v in versions] == list(range(2009, 2026))
        for earlier, later in pairwise(versions):
            assert (later.valid_from - earlier.valid_until).days == 1
        assert len(versions[-1].commitments) == 6


def test_cases_opened_before_they_had_a_caseworker_get_their_opener(db_url, uow):
    d = demo(uow)
    opened = d.open_case(uow)
    config = alembic_config(db_url)
    command.downgrade(config, "0016_case_actions-1")
    command.upgrade(config, "head")
    with uow:
        case = uow.session.get_one(Case, opened.case_id)
        assert case.caseworker_id == d.caseworker().account_id


def test_referrals_recorded_before_they_kept_their_last_change_take_their_latest_time(
    db_url, uow, engine
):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    config = alembic_config(db_url)
    command.downgrade(config, "0020_case_search")
    accepted = datetime(2026, 3, 4, 11, 30, tzinfo=UTC)
    with engine.begin() as connection:  # accepted later, when no column kept the last change
        connection.execute(
            update(Referral.__table__)
            .where(Referral.__table__.c.id == issued.referral_id)
            .values(accepted_at=accepted)
        )
    command.upgrade(config, "head")
    with uow:
        referral = uow.session.get_one(Referral, issued.referral_id)
        assert referral.updated_at == accepted > referral.requested_at


def test_reports_stored_before_periods_keep_their_month_and_only_months_go_back_down(
    db_url, uow, engine
):
    d = demo(uow)
    config = alembic_config(db_url)
    command.downgrade(config, "0027_commitment_threshold")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO network_reports (network_id, month, generated_at, figures) "
                "VALUES (:network, '2026-02', :now, '{}')"
            ),
            {"network": d.network, "now": datetime(2026, 3, 1)},
        )
    command.upgrade(config, "head")
    with engine.begin() as connection:
        assert connection.execute(text("SELECT period FROM network_reports")).scalars().all() == [
            "2026-02"
        ]
        for period in ("2026-Q1", "2026", "all"):
            connection.execute(
                text(
                    "INSERT INTO network_reports (network_id, period, generated_at, figures) "
                    "VALUES (:network, :period, :now, '{}')"
                ),
                {"network": d.network, "period": period, "now": datetime(2026, 4, 1)},
            )
    command.downgrade(config, "0027_commitment_threshold")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT month FROM network_reports")).scalars().all() == [
            "2026-02"
        ]
    command.upgrade(config, "head")
