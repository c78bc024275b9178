"""What the standard referral form prints, read for the issuing NGO; every read is audited."""

import uuid
from datetime import date

from sqlalchemy import select

from casework import access
from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.beneficiaries.pseudonyms import institution_code
from casework.cases.model import Case
from casework.errors import Conflict, NotFound
from casework.governance.memoranda.model import Memorandum
from casework.network.model import Member, Network
from casework.referrals.model import Referral
from casework.referrals.slip_codes import slip_code
from casework.referrals.states import OPEN_STATUSES
from casework.referrals.views import Guarantees, ReferralForm
from casework.uow import UnitOfWork


def referral_form(uow: UnitOfWork, *, actor: Actor, referral_id: uuid.UUID) -> ReferralForm:
    """The form of one open referral, for its issuing NGO (see access.referral_for_form)."""
    with uow:
        referral = access.referral_for_form(uow.session, referral_id, actor)
        if referral.status not in OPEN_STATUSES:
            raise Conflict(
                "referral_form.unusable",
                "the referral is {status}; its form can no longer be used",
                field="status",
                status=referral.status,
            )
        form = _form_of(uow, referral)
        uow.audit(actor, AuditAction.REFERRAL_FORM_READ, referral)
        uow.commit()
        return form


def referral_forms_issued(
    uow: UnitOfWork, *, actor: Actor, ngo_id: int, issued_from: date, issued_to: date
) -> list[ReferralForm]:
    """The forms of an NGO's referrals issued between two local dates (inclusive) that are
    still open, in serial order: what a batch print needs."""
    if not access.is_ngo_staff_of(actor, ngo_id):
        raise NotFound("ngo.not_found", "NGO {ngo_id} not found", field="ngo_id", ngo_id=ngo_id)
    start, end = uow.calendar.days_span(issued_from, issued_to, last_field="issued_to")
    with uow:
        referrals = uow.session.scalars(
            select(Referral)
            .where(
                Referral.ngo_id == ngo_id,
                Referral.status.in_(OPEN_STATUSES),
                Referral.requested_at >= start,
                Referral.requested_at < end,
            )
            .order_by(Referral.serial)
        ).all()
        forms = [_form_of(uow, referral) for referral in referrals]
        for referral in referrals:
            uow.audit(actor, AuditAction.REFERRAL_FORM_READ, referral)
        uow.commit()
        return forms


def _form_of(uow: UnitOfWork, referral: Referral) -> ReferralForm:
    session = uow.session
    network = session.get_one(Network, referral.network_id)
    memorandum = session.get_one(Memorandum, referral.memorandum_id)
    ngo = session.get_one(Member, referral.ngo_id)
    institution = session.get_one(Member, referral.institution_id)
    case = session.get_one(Case, referral.case_id)
    commitment = memorandum.commitment_for(referral.service.category)
    assert commitment is not None  # routing never issues a referral its memorandum lacks
    assert referral.serial and referral.requested_at and referral.valid_until
    return ReferralForm(
        referral_id=referral.id,
        serial=referral.serial,
        network_code=network.code,
        network_name=network.name,
        memorandum_version=memorandum.version,
        memorandum_signed_on=memorandum.signed_on,
        guarantees=Guarantees(
            anonymous=commitment.anonymous, voluntary=commitment.voluntary, free=commitment.free
        ),
        ngo_id=ngo.id,
        ngo_name=ngo.name,
        institution_id=institution.id,
        institution_name=institution.name,
        service=referral.service,
        urgency=referral.urgency,
        issued_on=uow.calendar.today(referral.requested_at),
        valid_until=referral.valid_until,
        institution_code=institution_code(
            uow.keys, beneficiary_id=case.beneficiary_id, institution_id=institution.id
        ),
        slip_code=slip_code(uow.keys.slip_code_key, referral.serial),
        ngo_language=ngo.form_language,
        institution_district=institution.district,
        institution_address=institution.address,
        institution_opening_hours=institution.opening_hours,
        institution_contact=institution.referral_contact,
        ngo_phone=ngo.phone,
    )
