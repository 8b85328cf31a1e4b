"""Consultant accounts: e-mail and password rules, scrypt hashing. No Flask, no database."""

from __future__ import annotations

import functools
import re

from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # scrypt hashes anything, but a megabyte password is an attack
MAX_EMAIL_LENGTH = 254
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """An e-mail address or password that an account cannot have; the message says why."""


def normalize_email(email: str) -> str:
    """One spelling per address, so that Jan@X.be and jan@x.be are the same account."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """The normalised address, or AccountError when it does not look like one."""
    email = normalize_email(email)
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email):
        raise AccountError(f"{email!r} is not an e-mail address.")
    return email


def check_password(password: str) -> str:
    """The password, or AccountError when it is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"A password can have at most {MAX_PASSWORD_LENGTH} characters.")
    return password


def hash_password(password: str) -> str:
    return generate_password_hash(check_password(password), method="scrypt")


@functools.cache
def _decoy_hash() -> str:
    return generate_password_hash("not-a-real-account-password", method="scrypt")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; without an account, check a decoy so that both take as long."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    if password_hash is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(password_hash, password)
