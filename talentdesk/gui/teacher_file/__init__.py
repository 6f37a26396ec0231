"""The teacher file: basic information, one tab per history table, and the change history."""
