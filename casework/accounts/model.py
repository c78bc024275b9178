"""Tables of staff accounts and their access tokens (stored hashed, revocable)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.actors import Role
from casework.audit import AutoId
from casework.languages import Language
from casework.orm import Base, UtcDateTime, enum_column, language_column


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The pages and the bell speak it (unless a browser chose another); set on /settings.
    language: Mapped[Language] = language_column()


class TokenKind(StrEnum):
    API = "api"  # bearer tokens for the API
    WEB = "web"  # the session cookie of the pages


class AccessToken(Base):
    """Only the SHA-256 of a token is kept: a stolen database yields no usable token. Every
    token expires, and names who issued it: the user logging in, or an administrator."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[TokenKind] = mapped_column(enum_column(TokenKind))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    issued_by: Mapped[str] = mapped_column(String(80))  # the issuer's actor id, as in the audit
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FailedLogin(Base):
    """One failed attempt (or one whose password is being checked). Subjects are keyed
    digests of the username and the client address (casework.accounts.throttle): the table
    never holds either, and a copy of it cannot test guesses without the pepper."""

    __tablename__ = "failed_logins"
    __table_args__ = (Index("ix_failed_logins_subject_at", "subject", "at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
