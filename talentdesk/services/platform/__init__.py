"""The database itself: opening it safely (workspace), copying it, bureau settings, the audit trail and the
integrity check, saving records from forms, applying imports."""
