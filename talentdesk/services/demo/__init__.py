"""Demo data: a fictional but realistic county (青禾县) or city, generated deterministically from a seed."""

from talentdesk.services.demo.build import SIZES, describe, generate

__all__ = ["SIZES", "describe", "generate"]
