"""Every /v1 endpoint declares the roles it accepts; walk every (role, endpoint) pair."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from hifazat.api.app import API_ROUTERS
from hifazat.api.deps import Allow
from hifazat.domain.access import Role
from hifazat.services.runtime import Runtime

PUBLIC = {"/healthz", "/readyz"}


def _allow(route: APIRoute) -> Allow | None:
    for dep in route.dependant.dependencies:
        if isinstance(dep.call, Allow):
            return dep.call
    return None


def _v1_routes(rt: Runtime) -> list[tuple[APIRoute, Allow]]:
    found = []
    for route in [r for router in API_ROUTERS for r in router.routes]:
        if isinstance(route, APIRoute) and route.path.startswith("/v1"):
            allow = _allow(route)
            assert allow is not None, f"{route.path} declares no roles"
            for method in route.methods:
                found.append((route, allow, method))
    return found  # type: ignore[return-value]


def test_every_v1_route_declares_roles(rt: Runtime) -> None:
    assert len(_v1_routes(rt)) >= 8


def _path(route: APIRoute, creator: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: creator if m.group(0) == "{handle}" else "1", route.path)


@pytest.mark.parametrize("role", list(Role))
def test_role_endpoint_matrix(
    client: TestClient, rt: Runtime, creator: str, auth: Callable[..., dict[str, str]], role: Role
) -> None:
    """Roles not listed get 403 before anything runs; listed roles get past the role check."""
    for route, allow, method in _v1_routes(rt):  # type: ignore[misc]
        headers = auth(role, (creator,) if role in {Role.CREATOR, Role.PARTNER} else ())
        resp = client.request(method, _path(route, creator), headers=headers, json={})
        if role in allow.roles:
            refused_for_role = resp.status_code == 403 and "may not call" in resp.json()["detail"]
            assert not refused_for_role, (role, method, route.path, resp.text)
            assert resp.status_code not in {401, 500}, (role, method, route.path, resp.text)
        else:
            assert resp.status_code == 403, (role, method, route.path, resp.status_code)
            assert resp.json()["code"] == "forbidden"
