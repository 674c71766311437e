"""Moderator password hashing with argon2id; the CLI and the web login share these two calls."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# The library's defaults follow RFC 9106's second recommended profile.
_HASHER = PasswordHasher()
MIN_PASSWORD_CHARS = 10


def hash_password(password: str) -> str:
    """An argon2id hash of the password, salt and parameters included."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; a wrong password or a mangled hash is False."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters and should be renewed at login."""
    return _HASHER.check_needs_rehash(password_hash)
