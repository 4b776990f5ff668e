"""API keys and web users: create, authenticate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hifazat.db.tables import ApiKey, User
from hifazat.domain.access import Principal, Role
from hifazat.errors import Conflict, InvalidInput, Unauthenticated
from hifazat.services import audit
from hifazat.services.authz import require
from hifazat.services.runtime import Runtime
from hifazat.services.security import (
    check_password,
    hash_password,
    keys_match,
    new_api_key,
    split_key,
)


@dataclass(frozen=True)
class IssuedKey:
    key: str
    prefix: str
    role: Role
    name: str
    subjects: tuple[str, ...]


def create_api_key(
    rt: Runtime, principal: Principal, role: Role, name: str, subjects: list[str] | None = None
) -> IssuedKey:
    """Issue a key; the full key is returned once and only its hash is stored."""
    require(principal, Role.ADMIN)
    full, prefix, digest = new_api_key()
    now = rt.now()
    subjects = sorted(set(subjects or []))
    with rt.transaction() as s:
        s.add(
            ApiKey(
                prefix=prefix,
                key_hash=digest,
                name=name,
                role=role.value,
                subjects=subjects,
                created_at=now,
                revoked_at=None,
            )
        )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="api_key.created",
            subject_type="api_key",
            subject_id=prefix,
            data={"role": role.value, "name": name, "subjects": subjects},
        )
    return IssuedKey(full, prefix, role, name, tuple(subjects))


def revoke_api_key(rt: Runtime, principal: Principal, prefix: str) -> None:
    require(principal, Role.ADMIN)
    now = rt.now()
    with rt.transaction() as s:
        key = s.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
        if key is None:
            raise InvalidInput(f"no API key with prefix {prefix!r}")
        key.revoked_at = now
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="api_key.revoked",
            subject_type="api_key",
            subject_id=prefix,
            data={},
        )


def authenticate_key(rt: Runtime, full_key: str) -> Principal:
    prefix = split_key(full_key)
    if prefix is None:
        raise Unauthenticated("malformed API key")
    with rt.read() as s:
        key = s.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or key.revoked_at is not None or not keys_match(full_key, key.key_hash):
        raise Unauthenticated("unknown or revoked API key")
    return Principal(role=Role(key.role), name=f"key:{key.name}", subjects=frozenset(key.subjects))


def create_user(
    rt: Runtime,
    principal: Principal,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    subjects: list[str] | None = None,
) -> None:
    require(principal, Role.ADMIN)
    if len(password) < 8:
        raise InvalidInput("password must be at least 8 characters")
    now = rt.now()
    with rt.transaction() as s:
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise Conflict(f"user {username!r} already exists")
        s.add(
            User(
                username=username,
                display_name=display_name or username,
                password_hash=hash_password(password),
                role=role.value,
                subjects=sorted(set(subjects or [])),
                created_at=now,
            )
        )
        audit.append(
            s,
            at=now,
            actor=principal.actor,
            action="user.created",
            subject_type="user",
            subject_id=username,
            data={"role": role.value},
        )


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    display_name: str


def sign_in(rt: Runtime, username: str, password: str) -> SignedIn:
    with rt.read() as s:
        user = s.scalar(select(User).where(User.username == username))
    if user is None or not check_password(password, user.password_hash):
        raise Unauthenticated("wrong username or password")
    principal = Principal(
        role=Role(user.role), name=user.username, subjects=frozenset(user.subjects)
    )
    return SignedIn(principal, user.display_name)


def principal_for_user(rt: Runtime, username: str) -> SignedIn | None:
    with rt.read() as s:
        user = s.scalar(select(User).where(User.username == username))
    if user is None:
        return None
    principal = Principal(
        role=Role(user.role), name=user.username, subjects=frozenset(user.subjects)
    )
    return SignedIn(principal, user.display_name)
