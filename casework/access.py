"""Who may touch which case, referral or network. Anything an actor may not see is NotFound, so
that a refusal never confirms that the object exists; a refusal of an object that does exist
is audited (ACCESS_REFUSED), so that an organisation probing another's records is seen."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework import audit, locked_rows
from casework.actors import NGO_ROLES, Actor, Role
from casework.beneficiaries.model import Beneficiary
from casework.cases.model import Case, Need
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.network.model import Member, Network
from casework.referrals.model import Referral


def _get(session: Session, model, object_id: uuid.UUID, *, for_update: bool):
    return session.get(model, object_id, with_for_update=for_update or None)


def refused(session: Session, actor: Actor, record: object | None, missing: NotFound) -> NotFound:
    """`missing`, to raise; if `record` exists, the refusal is noted for the audit trail."""
    if record is not None:
        audit.note_refusal(session, actor=actor, obj=record)
    return missing


def is_ngo_staff_of(actor: Actor, organisation_id: int) -> bool:
    return actor.is_system or (actor.role in NGO_ROLES and actor.organisation_id == organisation_id)


def is_focal_point_of(actor: Actor, organisation_id: int) -> bool:
    return actor.is_system or (
        actor.role is Role.FOCAL_POINT and actor.organisation_id == organisation_id
    )


def is_ngo_person_of(actor: Actor, organisation_id: int) -> bool:
    """A caseworker or supervisor of the NGO, never a system actor: who may read identities."""
    return actor.role in NGO_ROLES and actor.organisation_id == organisation_id


def beneficiary_for_ngo(
    session: Session, beneficiary_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Beneficiary:
    beneficiary = _get(session, Beneficiary, beneficiary_id, for_update=for_update)
    if beneficiary is None or not is_ngo_staff_of(actor, beneficiary.ngo_id):
        raise refused(
            session,
            actor,
            beneficiary,
            NotFound(
                "beneficiary.not_found",
                "beneficiary {beneficiary_id} not found",
                beneficiary_id=beneficiary_id,
            ),
        )
    return beneficiary


def living_beneficiary_for_ngo(session: Session, beneficiary_id: uuid.UUID, actor: Actor):
    """A beneficiary of the actor's NGO about to be changed by its staff: locked, and refused
    (409) once erased, since nothing may be recorded of an erased person."""
    beneficiary = beneficiary_for_ngo(session, beneficiary_id, actor, for_update=True)
    # After the lookup, so that anyone but the NGO's staff gets NotFound; only operators, who
    # may look up any beneficiary, are told no.
    if actor.role not in NGO_ROLES:
        raise PermissionDenied(
            "beneficiary.ngo_staff_only", "only the NGO's caseworkers and supervisors do this"
        )
    if beneficiary.is_erased:
        raise Conflict(
            "beneficiary.erased", "the beneficiary was erased; nothing more is recorded of them"
        )
    return beneficiary


def case_for_ngo(
    session: Session, case_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Case:
    case = locked_case(session, case_id) if for_update else session.get(Case, case_id)
    return ngo_case_or_refusal(session, actor, case, case_id)


def locked_case(session: Session, case_id: uuid.UUID) -> Case | None:
    """A case to change, locked, with its needs (a command on a case adds, closes or refers
    one), outside the session (casework.locked_rows): written back as the unit of work
    commits. A need a command adds is inserted (uow.insert) and appended to the list."""
    case = locked_rows.read_locked(session, Case, case_id)
    if case is not None:
        # Set as loaded, as the columns are: a plain list, which nothing writes back.
        case.__dict__["needs"] = locked_rows.read_all_locked(session, Need, "case_id", case_id)
    return case


def ngo_case_or_refusal(
    session: Session, actor: Actor, case: Case | None, case_id: uuid.UUID
) -> Case:
    """`case`, read by id, if it is a case of the actor's NGO; NotFound if it is not, or is
    None (a refusal of one that exists is audited)."""
    if case is None or not is_ngo_staff_of(actor, case.ngo_id):
        missing = NotFound("case.not_found", "case {case_id} not found", case_id=case_id)
        raise refused(session, actor, case, missing)
    return case


def _referral_not_found(referral_id: uuid.UUID) -> NotFound:
    return NotFound(
        "referral.not_found", "referral {referral_id} not found", referral_id=referral_id
    )


def _referral(session: Session, referral_id: uuid.UUID, *, for_update: bool) -> Referral | None:
    """A referral to read, or to change: then locked, and outside the session (casework
    .locked_rows), written back as the unit of work commits."""
    if for_update:
        return locked_rows.read_locked(session, Referral, referral_id)
    return session.get(Referral, referral_id)


def referral_for_ngo(
    session: Session, referral_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Referral:
    referral = _referral(session, referral_id, for_update=for_update)
    if referral is None or not is_ngo_staff_of(actor, referral.ngo_id):
        raise refused(session, actor, referral, _referral_not_found(referral_id))
    return referral


def referral_for_institution(
    session: Session, referral_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Referral:
    referral = _referral(session, referral_id, for_update=for_update)
    if referral is None or not is_focal_point_of(actor, referral.institution_id):
        raise refused(session, actor, referral, _referral_not_found(referral_id))
    return referral


def referral_for_either_side(session: Session, referral_id: uuid.UUID, actor: Actor) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None or not (
        is_ngo_staff_of(actor, referral.ngo_id) or is_focal_point_of(actor, referral.institution_id)
    ):
        raise refused(session, actor, referral, _referral_not_found(referral_id))
    return referral


def referral_for_form(session: Session, referral_id: uuid.UUID, actor: Actor) -> Referral:
    """Only the issuing NGO prints a referral's form: the paper is the beneficiary's ticket and
    carries the slip code. The institution's focal point sees the referral (so is told no,
    not NotFound) and confirms the visit from its own view instead."""
    referral = session.get(Referral, referral_id)
    if referral is not None and is_ngo_staff_of(actor, referral.ngo_id):
        return referral
    if referral is not None and is_focal_point_of(actor, referral.institution_id):
        raise PermissionDenied(
            "referral_form.issuer_only", "only the issuing NGO prints the form of a referral"
        )
    raise refused(session, actor, referral, _referral_not_found(referral_id))


GOVERNORS = frozenset({Role.COORDINATOR, Role.ADMIN})


def is_governor(actor: Actor) -> bool:
    return actor.is_system or actor.role in GOVERNORS


def network_of(session: Session, actor: Actor, network_id: int | None = None) -> int:
    """The network the actor asks about: a member's staff see only their own; governors name
    one, or get the only one there is."""
    if not is_governor(actor):
        own = None
        if actor.organisation_id is not None:
            own = session.scalar(
                select(Member.network_id).where(Member.id == actor.organisation_id)
            )
        if own is None or (network_id is not None and network_id != own):
            raise NotFound(
                "network.not_found", "network {network_id} not found", network_id=network_id or ""
            )
        return own
    if network_id is not None:
        if session.get(Network, network_id) is None:
            raise NotFound(
                "network.not_found",
                "network {network_id} not found",
                field="network_id",
                network_id=network_id,
            )
        return network_id
    if session.scalar(select(func.count(Network.id))) != 1:
        raise InvalidInput(
            "network.name_required", "name the network (network_id)", field="network_id"
        )
    return session.scalar(select(Network.id))  # type: ignore[return-value]
