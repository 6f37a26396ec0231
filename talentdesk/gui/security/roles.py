"""What the signed-in user may change, for the pages: the one place that turns off the controls which
change data when the file is open read-only or the user's role may not edit (查阅员: view and print).

The services refuse anyway (services.accounts.access.require); this only keeps the clerk from pressing buttons
that cannot work. Pages are built after sign-in (and rebuilt after a restore or another file), so the
check is made once when a control is created.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from talentdesk.services.accounts import access

_SAVING = (
    QDialogButtonBox.ButtonRole.AcceptRole,
    QDialogButtonBox.ButtonRole.ApplyRole,
    QDialogButtonBox.ButtonRole.YesRole,
    QDialogButtonBox.ButtonRole.DestructiveRole,
)


def may(db, action: str = "edit") -> bool:
    """The file is writable and the signed-in user's role may do ACTION."""
    return db is not None and not db.read_only and access.can(db, action)


def may_edit(db) -> bool:
    return may(db, "edit")


def why_not(db, action: str = "edit") -> str:
    """A Chinese reason for a disabled control ("" when the action is allowed)."""
    if db is None or may(db, action):
        return ""
    if db.read_only:
        return "数据库以只读方式打开，不能修改"
    ident = access.current(db)
    if ident.role is None:
        return "请先登录"
    return f"{ident.role}只能查看和打印，不能{access.ACTIONS.get(action, action)}"


def apply_read_only(widgets, db, action: str = "edit") -> bool:
    """Disable every widget (buttons, actions; of a dialog button box its 保存/确定 buttons, Cancel stays;
    None is skipped) unless the user may do ACTION on a writable file, with the reason as tooltip.
    Returns whether the action is allowed."""
    reason = why_not(db, action)
    if not reason:
        return True
    targets = []
    for w in widgets:
        if isinstance(w, QDialogButtonBox):
            targets += [b for b in w.buttons() if w.buttonRole(b) in _SAVING]
        elif w is not None:
            targets.append(w)
    for w in targets:
        w.setEnabled(False)
        tip = w.toolTip() if hasattr(w, "toolTip") else ""
        if hasattr(w, "setToolTip") and reason not in tip:
            w.setToolTip(f"{tip}\n{reason}" if tip else reason)
    return False
