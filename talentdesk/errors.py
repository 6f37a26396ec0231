"""The shared vocabulary of errors, below every layer (domain, store, services, reports, importing, gui, cli
may all import it; it imports nothing of talentdesk).

UserError and its kinds are written for the clerk (Simplified Chinese), raised by services, reports and the
importer and shown as-is by the GUI and CLI. ReadOnlyError: a save refused because the database is open
read-only (raised by store.uow)."""


class UserError(Exception):
    """Something the clerk can fix. ``field`` names the form field or column, when there is one."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ReadOnlyError(RuntimeError):
    """A save was refused: the database is open read-only (another instance writes, or the file is damaged)."""


class NotFound(UserError):
    pass


class ValidationError(UserError):
    """One or more field problems: ``problems`` maps field name → Chinese message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("；".join(self.problems.values()), field=next(iter(self.problems), None))


# ---------------------------------------------------------------- two clerks editing one record (issue 10)


class FieldChange:
    """One field of a record changed since the clerk opened it: BASE (as loaded), MINE (the clerk's), THEIRS
    (stored now). STATE: "mine" (only the clerk changed it), "theirs" (only the other side), "same" (both,
    to the same value) or "conflict" (both, to different values). USER/AT: who changed it last, and when."""

    __slots__ = ("field", "label", "base", "mine", "theirs", "state", "user", "at")

    def __init__(self, field, label, base, mine, theirs, state, user=None, at=None):
        self.field, self.label, self.base, self.mine, self.theirs = field, label, base, mine, theirs
        self.state, self.user, self.at = state, user, at

    def __repr__(self) -> str:
        return f"FieldChange({self.field}: {self.base!r} → mine {self.mine!r} / theirs {self.theirs!r}, {self.state})"


class RecordConflict:
    """The field-level comparison of one record; VERSION is the stored version it was made against."""

    def __init__(self, table: str, table_label: str, record_id: int, version: int, fields: list[FieldChange]):
        self.table, self.table_label, self.record_id, self.version = table, table_label, record_id, version
        self.fields = fields

    @property
    def conflicts(self) -> list[FieldChange]:
        return [f for f in self.fields if f.state == "conflict"]

    def message(self) -> str:
        theirs = [f for f in self.fields if f.state != "mine"]
        users = list(dict.fromkeys(f.user for f in theirs if f.user))
        times = [f.at for f in theirs if f.at]
        who = "、".join(users) if users else "其他用户"
        when = f" 于 {max(times):%H:%M}" if times else ""
        what = f"（{'、'.join(f.label for f in theirs)}）" if theirs else ""
        text = f"{self.table_label}：这条记录在您打开后已被 {who}{when} 修改{what}。"
        if self.conflicts:
            text += f"其中 {'、'.join(f.label for f in self.conflicts)} 双方改成了不同的值，请选择保留哪一个。"
        return text


class EditConflict(UserError):
    """The record changed since the clerk opened it. ``records`` holds one RecordConflict per changed record
    (usually one); ``table_label``, ``record_id``, ``fields`` and ``version`` are those of the first."""

    def __init__(self, records: list[RecordConflict]):
        self.records = list(records)
        first = self.records[0]
        self.table_label, self.record_id, self.fields, self.version = (
            first.table_label,
            first.record_id,
            first.fields,
            first.version,
        )
        super().__init__("\n".join(r.message() for r in self.records), code="edit_conflict")

    @property
    def conflicts(self) -> list[FieldChange]:
        return [f for r in self.records for f in r.conflicts]

    def resolutions(self, choices: dict | None = None, default: str = "mine") -> dict:
        """What to send back with the next save: {(table, record_id): (version, {field: "mine"|"theirs"})}.
        CHOICES maps (table, record_id, field) → "mine"/"theirs"; conflicts not in it get DEFAULT."""
        choices = choices or {}
        return {
            (r.table, r.record_id): (
                r.version,
                {f.field: choices.get((r.table, r.record_id, f.field), default) for f in r.conflicts},
            )
            for r in self.records
        }
