"""Errors written for the clerk (Simplified Chinese), raised by services and shown as-is by the GUI and CLI."""


class UserError(Exception):
    """Something the clerk can fix. ``field`` names the form field or column, when there is one."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotFound(UserError):
    pass


class ValidationError(UserError):
    """One or more field problems: ``problems`` maps field name → Chinese message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()), field=next(iter(self.problems), None))
