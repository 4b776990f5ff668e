"""Request dependencies: the runtime, and who is calling (with the roles each endpoint accepts)."""

from __future__ import annotations

from fastapi import Header, Request

from hifazat.domain.access import Principal, Role
from hifazat.errors import Forbidden, Unauthenticated
from hifazat.services.access import authenticate_key
from hifazat.services.runtime import Runtime

ALL_ROLES: frozenset[Role] = frozenset(Role)


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


class Allow:
    """Dependency that authenticates the API key and admits only the listed roles.

    Every /v1 endpoint declares one; tests walk every (role, endpoint) pair through it."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    def __call__(
        self,
        request: Request,
        authorization: str | None = Header(default=None, include_in_schema=False),
        x_api_key: str | None = Header(default=None, include_in_schema=False),
    ) -> Principal:
        key = x_api_key
        if key is None and authorization and authorization.lower().startswith("bearer "):
            key = authorization[7:].strip()
        if not key:
            raise Unauthenticated("send an API key as 'Authorization: Bearer <key>'")
        principal = authenticate_key(runtime(request), key)
        if principal.role not in self.roles:
            raise Forbidden(f"role {principal.role.value} may not call this endpoint")
        return principal
