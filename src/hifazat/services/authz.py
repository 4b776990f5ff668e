"""Authorisation at the service layer: every service states which roles may call it."""

from __future__ import annotations

from hifazat.domain.access import Principal, Role
from hifazat.errors import Forbidden


def require(principal: Principal, *roles: Role) -> None:
    if principal.role not in roles:
        raise Forbidden(f"role {principal.role.value} may not do this")


def require_creator_access(principal: Principal, creator_handle: str) -> None:
    if not principal.may_act_for(creator_handle):
        raise Forbidden(f"no access to creator {creator_handle}")
