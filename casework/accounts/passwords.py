"""Password hashing with argon2id (argon2-cffi's defaults)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from casework.errors import InvalidInput

_hasher = PasswordHasher()
MIN_LENGTH = 10

# Verified when the username is unknown, so that a wrong username takes as long as a wrong
# password and response times do not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def new_password_hash(password: str) -> str:
    """The hash of a password an account is given (created or reset), refused when too short.
    argon2 is slow: call it before the transaction, which on SQLite holds the write lock."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            "account.password_too_short",
            "a password has at least {min_length} characters",
            field="password",
            min_length=MIN_LENGTH,
        )
    return hash_password(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
