"""Who works and what they may do: roles and the permission check, accounts and sign-in, lockout, the names users
are shown by."""
