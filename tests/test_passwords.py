"""argon2id hashing shared by create-moderator and the login."""

from __future__ import annotations

from civility.passwords import hash_password, needs_rehash, verify_password


def test_passwords_hash_verifies_and_is_salted() -> None:
    first, second = hash_password("tea at the Marriott"), hash_password("tea at the Marriott")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "tea at the Marriott")
    assert not verify_password(first, "tea at the marriott")
    assert not needs_rehash(first)


def test_passwords_mangled_hash_or_hostile_input_is_false() -> None:
    good = hash_password("a long enough password")
    assert not verify_password("not a hash", "a long enough password")
    assert not verify_password(good[:-4], "a long enough password")
    assert not verify_password("", "")
    assert not verify_password(good, "\x00' OR 1=1 --\u202e")
