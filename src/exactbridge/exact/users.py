"""`users/Users`: the users who can open a division.

No response was recorded; property names, order (key first, then alphabetical) and Edm
types follow Exact's REST reference as generated into current client libraries. The
endpoint is read-only: users are created and changed through the division-less
`system/Users` (see `system`). `users/UserHasRights?endpoint='…'&action='…'` is a function,
not an entity: the emulator answers it beside the entity endpoints.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "USERS"]

# Type name not recorded; follows Exact's namespace for models of the `users` service.
USERS = EntitySpec(
    path="users/Users",
    key="UserID",
    type_name="Exact.Web.Api.Models.Users.User",
    legacy=True,
    properties=properties(
        """
        UserID                               guid      key
        BirthDate                            datetime  R
        BirthName                            string    R
        Created                              datetime  R
        Creator                              guid      R
        CreatorFullName                      string    R
        Customer                             guid      R        # the licence holder
        CustomerName                         string    R
        Email                                string    R
        EndDate                              datetime  R
        FirstName                            string    R
        FullName                             string    R
        Gender                               string    R        # M, V (female), O
        HasRegisteredForTwoStepVerification  bool      R
        HasTwoStepVerification               bool      R
        Initials                             string    R
        IsAnonymised                         byte      R
        Language                             string    R
        LastLogin                            datetime  R
        LastName                             string    R
        MiddleName                           string    R
        Mobile                               string    R
        Modified                             datetime  R
        Modifier                             guid      R
        ModifierFullName                     string    R
        Nationality                          string    R
        Notes                                string    R
        Phone                                string    R
        PhoneExtension                       string    R
        ProfileCode                          string    R
        StartDate                            datetime  R
        StartDivision                        int32     R
        Title                                string    R
        UserName                             string    R
        UserRoles                            nav       users/UserRoles:UserID
        UserRolesPerDivision                 nav       users/UserRolesPerDivision:UserID
        UserTypesList                        string    R        # obsolete
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (USERS,)
