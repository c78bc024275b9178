"""Supervisors and the coordinator administer: accounts (created, deactivated, given a new
password), an NGO's form language, notice contacts and the register of memorandum breaches.
Each change is one audited command; an account, contact or breach the actor may not manage is
not found, a role that may not act is told no, and a change the state forbids is a conflict."""

import pytest
from sqlalchemy import select

from casework.accounts.commands import InvalidCredentials, authenticate, create_user, log_in
from casework.accounts.management import deactivate_user, list_accounts, set_password
from casework.accounts.model import TokenKind, User
from casework.actors import Actor, Role
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.escalation.queries import network_ladders
from casework.governance.breaches.register import breach_register, resolve_breach
from casework.languages import Language
from casework.network.commands import set_form_language
from casework.network.model import Member
from casework.notifications.commands import add_contact, remove_contact
from casework.notifications.model import Channel, Contact
from casework.notifications.queries import network_contacts
from tests.support.governance import COORDINATOR, breach
from tests.support.network import demo

PASSWORD = "a-long-password"


def user_actor(uow, username: str) -> Actor:
    with uow:
        user = uow.session.scalars(select(User).where(User.username == username)).one()
        return Actor(f"user:{user.id}", user.role, user.organisation_id)


def audited(uow, action: AuditAction) -> list[AuditEntry]:
    with uow:
        return list(uow.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_supervisor_creates_caseworkers_and_supervisors_of_their_own_ngo_only(uow):
    d = demo(uow)
    supervisor = user_actor(uow, "demo-supervisor")
    create_user(
        uow,
        actor=supervisor,
        username="new-cw",
        role=Role.CASEWORKER,
        password=PASSWORD,
        organisation_id=d.ngo,
    )
    listed = {a.username: a for a in list_accounts(uow, actor=supervisor)}
    assert listed["new-cw"].is_active and listed["new-cw"].organisation_id == d.ngo
    assert {a.organisation_id for a in listed.values()} == {d.ngo}
    with pytest.raises(PermissionDenied):
        create_user(
            uow,
            actor=supervisor,
            username="x-cw",
            role=Role.CASEWORKER,
            password=PASSWORD,
            organisation_id=d.other_ngo,
        )
    with pytest.raises(PermissionDenied):
        create_user(
            uow, actor=supervisor, username="x-co", role=Role.COORDINATOR, password=PASSWORD
        )


def test_the_coordinator_manages_focal_points_supervisors_and_coordinators_but_no_caseworker(uow):
    d = demo(uow)
    coordinator = user_actor(uow, "demo-coordinator")
    create_user(
        uow,
        actor=coordinator,
        username="new-fp",
        role=Role.FOCAL_POINT,
        password=PASSWORD,
        organisation_id=d.aids_centre,
    )
    with pytest.raises(PermissionDenied):
        create_user(
            uow,
            actor=coordinator,
            username="x-cw",
            role=Role.CASEWORKER,
            password=PASSWORD,
            organisation_id=d.ngo,
        )
    roles = {a.role for a in list_accounts(uow, actor=coordinator)}
    assert roles == {Role.FOCAL_POINT, Role.SUPERVISOR, Role.COORDINATOR}
    with pytest.raises(NotFound):
        deactivate_user(uow, actor=coordinator, username="demo-caseworker")
    deactivate_user(uow, actor=coordinator, username="new-fp")
    with pytest.raises(PermissionDenied):
        list_accounts(uow, actor=user_actor(uow, "demo-caseworker"))


def test_a_deactivated_account_cannot_sign_in_and_its_tokens_stop_working(uow):
    issued = log_in(uow, username="demo-caseworker", password="demo-password")
    supervisor = user_actor(uow, "demo-supervisor")
    deactivate_user(uow, actor=supervisor, username="demo-caseworker")
    with pytest.raises(InvalidCredentials):
        authenticate(uow, token=issued.token, kind=TokenKind.API)
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-caseworker", password="demo-password")
    [row] = audited(uow, AuditAction.USER_DEACTIVATED)
    assert row.actor_id == supervisor.user_id and row.object_type == "users"
    with pytest.raises(Conflict) as twice:
        deactivate_user(uow, actor=supervisor, username="demo-caseworker")
    assert twice.value.key == "account.already_inactive"
    with pytest.raises(Conflict):
        set_password(uow, actor=supervisor, username="demo-caseworker", password=PASSWORD)


def test_accounts_of_another_ngo_or_ones_own_are_not_deactivated(uow):
    supervisor = user_actor(uow, "demo-supervisor")
    with pytest.raises(NotFound):
        deactivate_user(uow, actor=supervisor, username="demo-caseworker-2")
    with pytest.raises(NotFound):
        deactivate_user(uow, actor=user_actor(uow, "demo-caseworker"), username="demo-supervisor")
    with pytest.raises(Conflict):
        deactivate_user(uow, actor=supervisor, username="demo-supervisor")
    assert audited(uow, AuditAction.USER_DEACTIVATED) == []


def test_a_new_password_replaces_the_old_one_and_ends_its_sessions(uow):
    issued = log_in(uow, username="demo-caseworker", password="demo-password", kind=TokenKind.WEB)
    set_password(
        uow,
        actor=user_actor(uow, "demo-supervisor"),
        username="demo-caseworker",
        password="the-new-password",
    )
    with pytest.raises(InvalidCredentials):
        authenticate(uow, token=issued.token, kind=TokenKind.WEB)
    with pytest.raises(InvalidCredentials):
        log_in(uow, username="demo-caseworker", password="demo-password")
    log_in(uow, username="demo-caseworker", password="the-new-password")
    assert len(audited(uow, AuditAction.USER_PASSWORD_SET)) == 1
    with pytest.raises(InvalidInput) as short:
        set_password(
            uow,
            actor=user_actor(uow, "demo-supervisor"),
            username="demo-caseworker",
            password="short",
        )
    assert short.value.field == "password"


def test_the_form_language_is_the_ngos_supervisors_choice(uow):
    d = demo(uow)
    set_form_language(uow, actor=d.supervisor(), member_id=d.ngo, language=Language.RUSSIAN)
    with uow:
        assert uow.session.get_one(Member, d.ngo).form_language == "ru"
    with pytest.raises(PermissionDenied):
        set_form_language(uow, actor=d.caseworker(), member_id=d.ngo, language=None)
    with pytest.raises(NotFound):
        set_form_language(uow, actor=d.supervisor(d.other_ngo), member_id=d.ngo, language=None)
    with pytest.raises(NotFound):
        set_form_language(uow, actor=d.focal(), member_id=d.ngo, language=None)


def test_the_coordinator_removes_a_contact_and_no_one_else_sees_it(uow):
    d = demo(uow)
    contact = add_contact(
        uow,
        actor=COORDINATOR,
        network_id=d.network,
        role="coordinator",
        channel=Channel.EMAIL,
        address="desk@example.org",
    )
    assert contact in {c.id for c in network_contacts(uow, actor=COORDINATOR, network_id=d.network)}
    with pytest.raises(PermissionDenied):
        network_contacts(uow, actor=d.supervisor(), network_id=d.network)
    with pytest.raises(NotFound):
        remove_contact(uow, actor=d.supervisor(), contact_id=contact)
    remove_contact(uow, actor=COORDINATOR, contact_id=contact)
    with uow:
        assert uow.session.get(Contact, contact) is None
    [row] = audited(uow, AuditAction.NOTIFICATION_CONTACT_REMOVED)
    assert row.object_id == str(contact)
    with pytest.raises(NotFound):
        remove_contact(uow, actor=COORDINATOR, contact_id=contact)


def test_a_breach_is_resolved_once_with_a_note_and_the_register_keeps_it(uow):
    d = demo(uow)
    breach(uow, d)
    [open_one] = breach_register(uow, actor=COORDINATOR, network_id=d.network)
    assert open_one.resolved_at is None and open_one.guarantees_failed == ("anonymous",)
    with pytest.raises(InvalidInput) as blank:
        resolve_breach(uow, actor=COORDINATOR, breach_id=open_one.id, note="  ")
    assert blank.value.field == "note"
    with pytest.raises(NotFound):
        resolve_breach(uow, actor=d.focal(), breach_id=open_one.id, note="Not ours.")
    with pytest.raises(PermissionDenied):
        breach_register(uow, actor=d.supervisor())
    resolve_breach(
        uow, actor=COORDINATOR, breach_id=open_one.id, note="Clinic head warned in writing."
    )
    [resolved] = breach_register(uow, actor=COORDINATOR, network_id=d.network)
    assert (
        resolved.resolution == "Clinic head warned in writing." and resolved.resolved_at is not None
    )
    with pytest.raises(Conflict):
        resolve_breach(uow, actor=COORDINATOR, breach_id=open_one.id, note="Again.")
    assert len(audited(uow, AuditAction.MEMORANDUM_BREACH_RESOLVED)) == 1


def test_the_networks_staff_read_its_escalation_ladder(uow):
    d = demo(uow)
    ladders = network_ladders(uow, actor=d.caseworker())
    assert {ladder.unit.value for ladder in ladders} == {"hours", "working_days"}
    assert all(sorted(ladder.overdue_by) == [1, 2, 3, 4] for ladder in ladders)
