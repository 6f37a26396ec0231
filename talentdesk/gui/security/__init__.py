"""Issue 8 GUI: sign-in and first administrator, idle screen lock, users, backups and restore."""
