"""`users/UserHasRights`: which endpoints and methods the emulator's user may use."""

from __future__ import annotations

import pytest

from exactbridge.emulator.rights import addresses, user_has_rights


@pytest.mark.parametrize(
    ("endpoint", "action", "allowed"),
    [
        ("Logistics/Items", "GET", True),
        ("logistics/items", "delete", True),
        ("salesorder/SalesOrders", "PUT", True),
        ("documents/DocumentAttachments", "PUT", False),
        ("crm/PrintQuotation", "POST", True),
        ("crm/PrintQuotation", "GET", False),
        ("system/Divisions", "POST", False),
        ("bulk/CRM/Accounts", "GET", True),
        ("manufacturing/ShopOrders", "GET", False),
        ("Logistics/Items", "PATCH", False),
        ("/Logistics/Items/", "GET", True),
    ],
)
def test_rights_follow_the_served_endpoints_and_their_methods(
    endpoint: str, action: str, allowed: bool
) -> None:
    assert user_has_rights(endpoint, action) is allowed


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("123/users/UserHasRights", True),
        ("123/Users/userhasrights", True),
        ("users/UserHasRights", False),
        ("123/users/Users", False),
        ("123/users/UserHasRights/extra", False),
    ],
)
def test_only_the_division_scoped_function_path_is_taken(path: str, matches: bool) -> None:
    assert addresses(path) is matches
