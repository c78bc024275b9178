"""Publishing a memorandum version with its commitments and signatories, directly or from a
renewed draft; the caller's transaction audits and commits."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.errors import Conflict, InvalidInput
from casework.governance.memoranda.model import Commitment, Memorandum, MemorandumSignature
from casework.governance.memoranda.queries import latest_memorandum
from casework.governance.memoranda.terms import CommitmentTerms
from casework.network.model import Member
from casework.uow import UnitOfWork


def publish_memorandum(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    signed_on: date,
    valid_from: date,
    valid_until: date,
    commitments: list[CommitmentTerms],
    signatories: list[int],
) -> int:
    """Publish the next memorandum version, signed by the given members."""
    with uow:
        memorandum = add_memorandum_version(
            uow.session,
            network_id=network_id,
            signed_on=signed_on,
            valid_from=valid_from,
            valid_until=valid_until,
            commitments=commitments,
            signatures=[
                Signatory(member_id, signed_on) for member_id in dict.fromkeys(signatories)
            ],
        )
        uow.audit(actor, AuditAction.MEMORANDUM_PUBLISHED, memorandum)
        uow.commit()
        return memorandum.id


@dataclass(frozen=True)
class Signatory:
    member_id: int
    signed_on: date
    title: str = "Director"  # the post that signs; demo: invented


def add_memorandum_version(
    session: Session,
    *,
    network_id: int,
    signed_on: date,
    valid_from: date,
    valid_until: date,
    commitments: list[CommitmentTerms],
    signatures: list[Signatory],
) -> Memorandum:
    """Add the version that follows the latest, inside the caller's transaction (which audits
    and commits): shared by direct publication and by the renewal of a draft."""
    if valid_until < valid_from:
        raise InvalidInput(
            "memorandum.ends_before_start",
            "a memorandum cannot end before it starts",
            field="valid_until",
        )
    latest = latest_memorandum(session, network_id)
    if latest is not None and valid_from <= latest.valid_until:
        raise Conflict(
            "memorandum.overlaps",
            "version {version} is valid until {valid_until}",
            field="valid_from",
            version=latest.version,
            valid_until=latest.valid_until,
        )
    member_ids = {s.member_id for s in signatures}
    found = session.scalars(
        select(Member.id).where(Member.id.in_(member_ids), Member.network_id == network_id)
    ).all()
    if len(found) != len(member_ids) or len(member_ids) != len(signatures):
        raise InvalidInput(
            "memorandum.signatory_not_member",
            "every signatory must be a member of the network",
            field="signatories",
        )
    memorandum = Memorandum(
        network_id=network_id,
        version=(latest.version + 1) if latest else 1,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        commitments=[Commitment(**vars(terms)) for terms in commitments],
        signatures=[
            MemorandumSignature(
                member_id=s.member_id, signed_on=s.signed_on, signatory_title=s.title
            )
            for s in signatures
        ],
    )
    session.add(memorandum)
    session.flush()
    return memorandum
