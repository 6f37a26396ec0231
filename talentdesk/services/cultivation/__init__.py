"""Cultivation (培养): mentoring programmes and pairings, studios, training hours, talent tiers."""
