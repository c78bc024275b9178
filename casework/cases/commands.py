"""Commands on cases: open a case, add a need, record the outcome, close without one; and what
the intake flow does after a case opens: propose matches and providers, never merge."""

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import insert, select

from casework import access
from casework.actors import NGO_ROLES, Actor
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.beneficiaries.commands.identity import store_identity
from casework.beneficiaries.commands.matching import propose_matches_for
from casework.beneficiaries.model import Beneficiary, Consent, ConsentPurpose
from casework.beneficiaries.pseudonyms import insert_with_unused_code
from casework.cases.model import Case, CaseGroup, Need, Outcome
from casework.cases.population_groups import check_offered
from casework.cases.profile import Profile
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.network.districts import District
from casework.network.model import MemberKind
from casework.network.queries import place_of
from casework.network.services import ServiceCode
from casework.orm import new_id
from casework.privacy.uic import UicParts, counting_hash, uic_hmac
from casework.privacy.vault import Identity
from casework.referrals.model import Referral
from casework.referrals.routing import Nearness, eligible_institution_ids
from casework.referrals.states import OPEN_STATUSES
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class CaseOpened:
    case_id: uuid.UUID
    beneficiary_id: uuid.UUID
    display_code: str
    status: CaseStatus


def open_case(
    uow: UnitOfWork,
    *,
    actor: Actor,
    uic: UicParts,
    needs: list[ServiceCode],
    consent_to_referral: bool,
    identity: Identity | None = None,
    district: District | None = None,
    profile: Profile = Profile(),
) -> CaseOpened:
    """Intake: a new pseudonym for the beneficiary, their consent, a case with its needs and
    its profile (who was helped), and, if the NGO keeps one, their identity in the vault, all
    in one transaction. The profile's district is where the beneficiary lives, if they say:
    routing prefers a member there. `district` is the same, as older callers give it; giving
    both, they must agree. Matching against earlier pseudonyms is proposed by the intake flow,
    never done here."""
    profile = _with_district(profile, district)
    if actor.role not in NGO_ROLES or actor.organisation_id is None:
        raise PermissionDenied(
            "case.open_ngo_staff_only", "only NGO caseworkers and supervisors open cases"
        )
    uic_hash = uic_hmac(uow.keys.uic_pepper, uic)  # bad letters are refused before any write
    with uow:
        ngo = place_of(uow.session, actor.organisation_id)
        if ngo is None or ngo.kind is not MemberKind.NGO:
            raise PermissionDenied(
                "case.open_ngo_member_only", "cases are opened by NGO members of the network"
            )
        check_offered(uow.session, network_id=ngo.network_id, codes=profile.groups)
        now = uow.now()
        # Written through Core as they are made (uow.insert): nothing here changes them again.
        beneficiary = Beneficiary(
            id=new_id(),
            ngo_id=ngo.id,
            uic_hmac=uic_hash,
            # For counting unique people across the network's NGOs, and nothing else.
            counting_hash=counting_hash(uow.keys.uic_pepper, ngo.network_id, uic),
            created_at=now,
        )
        insert_with_unused_code(uow.session, beneficiary)
        consent = None
        if consent_to_referral:
            consent = Consent(
                beneficiary_id=beneficiary.id,
                purpose=ConsentPurpose.REFERRAL,
                granted_at=now,
                recorded_by=actor.user_id,
            )
            uow.insert(consent)
        case = Case(
            id=new_id(),
            beneficiary_id=beneficiary.id,
            ngo_id=ngo.id,
            caseworker_id=actor.account_id,
            status=CaseStatus.OPEN,
            opened_at=now,
            district=profile.district,
            sex=profile.sex,
            age_band=profile.age_band,
        )
        uow.insert(
            case,
            *(CaseGroup(case_id=case.id, group_code=code) for code in profile.groups),
            *(
                Need(case_id=case.id, service=s, status=NeedStatus.OPEN, created_at=now)
                for s in dict.fromkeys(needs)
            ),
        )
        if consent is not None:
            uow.audit(actor, AuditAction.CONSENT_GRANTED, consent)
        if identity is not None:
            store_identity(uow, actor, beneficiary, identity)
        uow.audit(actor, AuditAction.BENEFICIARY_REGISTERED, beneficiary)
        uow.audit(actor, AuditAction.CASE_OPENED, case)
        uow.enqueue("intake", case_id=str(case.id))
        uow.commit()
        return CaseOpened(case.id, beneficiary.id, beneficiary.display_code, case.status)


def _with_district(profile: Profile, district: District | None) -> Profile:
    if district is None:
        return profile
    if profile.district not in (None, district):
        raise InvalidInput(
            "profile.district_differs",
            "the district is given twice, differently: give it once, in the profile",
            field="profile.district",
        )
    return replace(profile, district=district)


def add_need(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID, service: ServiceCode) -> int:
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        if case.is_closed:
            raise Conflict(
                "case.needs_closed",
                "case is {status}; needs can no longer be added",
                status=case.status,
            )
        if case.open_need_for(service) is not None:
            raise Conflict(
                "case.need_exists",
                "the case already has an open need for '{service}'",
                field="service",
                service=service,
            )
        need = Need(case_id=case.id, service=service, status=NeedStatus.OPEN, created_at=uow.now())
        uow.insert(need)
        case.needs.append(need)
        uow.audit(actor, AuditAction.CASE_NEED_ADDED, case)
        uow.commit()
        return need.id


def withdraw_need(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID, need_id: int) -> None:
    """Take an open need off the case (typed by mistake, or no longer wanted). Refused while a
    referral for it is open: cancel the referral first, so that the institution is told."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        need = next((n for n in case.needs if n.id == need_id), None)
        if need is None:
            raise NotFound(
                "case.need_not_found",
                "the case has no need {need_id}",
                field="need_id",
                need_id=need_id,
            )
        open_referral = uow.session.scalar(
            select(Referral.id).where(
                Referral.need_id == need.id, Referral.status.in_(OPEN_STATUSES)
            )
        )
        if open_referral is not None:
            raise Conflict(
                "case.need_has_open_referral",
                "a referral for this need is still open; cancel it first",
                field="need_id",
            )
        need.move_to(NeedStatus.WITHDRAWN)
        uow.audit(actor, AuditAction.CASE_NEED_WITHDRAWN, case)
        uow.commit()


_RECORD_OUTCOME = insert(Outcome.__table__)


def record_outcome(
    uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID, resolved: bool, note: str = ""
) -> CaseStatus:
    """Close the case with its outcome; the resolution flow then winds down open referrals."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        now = uow.now()
        case.move_to(CaseStatus.RESOLVED if resolved else CaseStatus.CLOSED_UNRESOLVED, now=now)
        # A plain row through Core: nothing reads it back in the command, and as an object it
        # cost the flush a mapper of its own.
        uow.session.connection().execute(
            _RECORD_OUTCOME,
            {
                "case_id": case.id,
                "resolved": resolved,
                "note": note,
                "recorded_at": now,
                "recorded_by": actor.user_id,
            },
        )
        uow.audit(actor, AuditAction.CASE_OUTCOME_RECORDED, case)
        uow.enqueue("resolution", case_id=str(case.id))
        uow.commit()
        return case.status


CLOSING_STATUSES = frozenset({CaseStatus.WITHDRAWN, CaseStatus.CLOSED_UNRESOLVED})


def close_case(
    uow: UnitOfWork,
    *,
    actor: Actor,
    case_id: uuid.UUID,
    status: CaseStatus,
    reason: CloseReason,
) -> CaseStatus:
    """Close a case without an outcome, for a coded reason: the beneficiary withdrew, or it
    cannot go on. The resolution flow then cancels its open referrals."""
    if status not in CLOSING_STATUSES:
        raise InvalidInput(
            "case.closing_status",
            "a case closes as 'withdrawn' or 'closed-unresolved'",
            field="status",
        )
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor, for_update=True)
        case.move_to(status, now=uow.now())
        case.closing_reason = reason
        uow.audit(actor, AuditAction.CASE_CLOSED, case)
        uow.enqueue("resolution", case_id=str(case.id))
        uow.commit()
        return case.status


def propose_matches(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> int:
    """Propose earlier pseudonyms of the same NGO with the same UIC hash. Idempotent."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        beneficiary = uow.session.get_one(Beneficiary, case.beneficiary_id)
        proposed = propose_matches_for(uow, actor, beneficiary)
        uow.commit()
        return proposed


def propose_providers(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> int:
    """For each open need, note the institution routing would choose today (or none).
    Returns how many needs have no provider under the memorandum. Idempotent: run again
    (the dispatcher retries a run whose completion Prefect never heard of), it writes an
    audit row only if a proposal changed."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        ngo = place_of(uow.session, case.ngo_id)
        today = uow.calendar.today(uow.now())
        unserved, changed = 0, not _providers_proposed_before(uow, case)
        for need in case.needs:
            if need.status is not NeedStatus.OPEN:
                continue
            eligible = eligible_institution_ids(
                uow.session,
                network_id=ngo.network_id,
                service=need.service,
                day=today,
                exclude=ngo.id,
                near=Nearness(case.district, ngo.sub_network_id),
            )
            proposed = eligible[0] if eligible else None
            changed |= need.proposed_institution_id != proposed
            need.proposed_institution_id = proposed
            unserved += not eligible
        if changed:
            uow.audit(actor, AuditAction.CASE_PROVIDERS_PROPOSED, case)
        uow.commit()
        return unserved


def _providers_proposed_before(uow: UnitOfWork, case: Case) -> bool:
    return (
        uow.session.scalar(
            select(AuditEntry.id)
            .where(
                AuditEntry.object_id == str(case.id),
                AuditEntry.action == AuditAction.CASE_PROVIDERS_PROPOSED,
            )
            .limit(1)
        )
        is not None
    )
