"""Files attached to decisions: the PDF of the order or instruction a responsible member issued
to carry a decision out. The bytes live in the data folder, named by their SHA-256 (the same
file uploaded twice is stored once, and a row can never point at changed bytes); the database
row only says whose file it is. By design an attachment holds no beneficiary data: it is the
member's own order, and the upload page says never to attach anything about a person."""

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import InvalidInput
from casework.governance.meetings.model import DecisionAttachment
from casework.governance.meetings.views import AttachmentView
from casework.settings import Settings

_HEADER = re.compile(rb"%PDF-[12]\.\d")
_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_CROSS_REFERENCE = re.compile(rb"xref|\d+\s+\d+\s+obj")  # a table, or a stream object
_SHA256 = re.compile(r"[0-9a-f]{64}")


def attachment_view(row: DecisionAttachment) -> AttachmentView:
    return AttachmentView(
        row.id, row.decision_id, row.member_id, row.filename, row.size, row.sha256, row.uploaded_at
    )


def looks_like_pdf(content: bytes) -> bool:
    """A minimal parse: the `%PDF-` header, and a last `startxref` near the end that points
    at a cross-reference table or stream inside the file. A renamed image, a document of
    another kind or a truncated upload fails it."""
    if not _HEADER.match(content):
        return False
    ends = list(_TAIL.finditer(content[-2048:]))
    if not ends:
        return False
    offset = int(ends[-1][1])
    return offset < len(content) and _CROSS_REFERENCE.match(content, offset) is not None


def check_pdf(content: bytes, *, max_bytes: int) -> None:
    """InvalidInput naming the field `file` unless `content` is a PDF within the size limit."""
    if len(content) > max_bytes:
        raise InvalidInput(
            "attachment.too_large",
            "the file is larger than {limit} MB",
            field="file",
            limit=f"{max_bytes / 1024 / 1024:g}",
        )
    if not looks_like_pdf(content):
        raise InvalidInput("attachment.not_pdf", "only a PDF file can be attached", field="file")


def clean_filename(name: str) -> str:
    """The uploaded file's name without its folders, control or punctuation characters (letters
    of any script stay: orders are named in Tajik and Russian), ending in .pdf."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1]
    kept = "".join(c for c in base if c.isalnum() or c in " ._-()")
    kept = " ".join(kept.split())
    stem = (kept[:-4] if kept.lower().endswith(".pdf") else kept).strip(" .")
    return f"{stem[:100].rstrip(' .') or 'attachment'}.pdf"


@dataclass(frozen=True)
class AttachmentStore:
    """The folder of attached files, each named by its SHA-256."""

    root: Path
    max_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> "AttachmentStore":
        return cls(settings.attachments_dir, settings.attachment_max_bytes)

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a SHA-256")
        return self.root / f"{sha256}.pdf"

    def put(self, content: bytes) -> str:
        """Store `content` under its SHA-256 and return it. Written to a temporary file, synced,
        then renamed into place, so that a file under its name is always whole; a file already
        there is the same bytes and stays."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path(sha256)
        if target.is_file() and target.stat().st_size == len(content):
            return sha256
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A temporary name of its own: two uploads of the same file may race, and both win.
        handle, name = tempfile.mkstemp(dir=self.root, prefix=f".{sha256}.", suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as written:
                written.write(content)
                written.flush()
                os.fsync(written.fileno())
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        folder = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a crash
        finally:
            os.close(folder)
        return sha256

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()


def attachments_of(session: Session, decision_id: int) -> list[AttachmentView]:
    rows = session.scalars(
        select(DecisionAttachment)
        .where(DecisionAttachment.decision_id == decision_id)
        .order_by(DecisionAttachment.id)
    )
    return [attachment_view(row) for row in rows]
