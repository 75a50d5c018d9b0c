"""users/Users and users/UserHasRights."""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec

__all__ = ["ENTITIES"]

ENTITIES: tuple[EntitySpec, ...] = ()
