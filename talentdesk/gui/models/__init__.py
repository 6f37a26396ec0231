"""Thin Qt table models over plain rows from the services."""
