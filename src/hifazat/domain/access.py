"""Who may do what: roles and the principal acting in a request. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    POLICY_MANAGER = "policy_manager"
    MODERATOR = "moderator"
    SENIOR_MODERATOR = "senior_moderator"
    ANALYST = "analyst"
    CREATOR = "creator"
    PARTNER = "partner"
    INTEGRATOR = "integrator"


#: Roles that work for the platform's trust & safety team.
STAFF: frozenset[Role] = frozenset(
    {Role.ADMIN, Role.POLICY_MANAGER, Role.MODERATOR, Role.SENIOR_MODERATOR, Role.ANALYST}
)
#: Roles whose access is limited to the subjects listed on their key or account.
SCOPED: frozenset[Role] = frozenset({Role.CREATOR, Role.PARTNER})


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: an API key or a signed-in user."""

    role: Role
    name: str
    #: For creators: the creator handles they act for. For partners: their organisation id.
    subjects: frozenset[str] = field(default_factory=frozenset)

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        return f"{self.role.value}:{self.name}"

    def may_act_for(self, creator_handle: str) -> bool:
        if self.role in SCOPED:
            return creator_handle in self.subjects
        return True


SYSTEM = Principal(role=Role.ADMIN, name="system")
