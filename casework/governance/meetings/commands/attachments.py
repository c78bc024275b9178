"""Attaching the order itself: a responsible member (its representative, or the coordinator on
its behalf) attaches the PDF of the order or instruction that carries a decision out. Only a
PDF within the size limit is taken; its bytes go to the data folder, the row says whose it is."""

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.governance.meetings.attachments import AttachmentStore, check_pdf, clean_filename
from casework.governance.meetings.commands.decisions import answered_responsibility
from casework.governance.meetings.model import DecisionAttachment
from casework.uow import UnitOfWork


def attach_instrument_file(
    uow: UnitOfWork,
    *,
    actor: Actor,
    decision_id: int,
    filename: str,
    content: bytes,
    store: AttachmentStore,
    member_id: int | None = None,
) -> int:
    """Attach a PDF to a responsible member's part of a decision; returns the attachment's
    id. Who may is the rule of record_institutionalisation (another member: NotFound); a file
    that is not a PDF, or is over the limit, is InvalidInput naming `file`. The file is
    written (atomically, under its SHA-256) before the row commits: a failed commit leaves at
    most an unreferenced copy, never a row without its file."""
    with uow:
        responsibility = answered_responsibility(uow, actor, decision_id, member_id)
        check_pdf(content, max_bytes=store.max_bytes)
        sha256 = store.put(content)
        attachment = DecisionAttachment(
            decision_id=decision_id,
            member_id=responsibility.member_id,
            filename=clean_filename(filename),
            sha256=sha256,
            size=len(content),
            uploaded_at=uow.now(),
            uploaded_by=actor.user_id,
        )
        uow.session.add(attachment)
        uow.session.flush()
        uow.audit(actor, AuditAction.DECISION_FILE_ATTACHED, attachment)
        uow.commit()
        return attachment.id
