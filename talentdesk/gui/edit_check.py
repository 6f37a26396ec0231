"""Saving a form whose record another clerk may have saved meanwhile (issue 10): the form passes back the version
and values it loaded; on EditConflict the merge dialog (gui/conflict_dialog) asks, then the save is re-submitted
with the clerk's choices, or the form reloads the record as stored now."""

from __future__ import annotations

from talentdesk.errors import EditConflict
from talentdesk.gui import conflict_dialog

NOT_SAVED = object()  # what save_checked returns when the clerk cancelled or reloaded


def check_args(loaded: dict | None, resolved: dict | None = None) -> dict:
    """Keyword arguments for a service save (version, base, merge, resolved) from what the form LOADED
    (a dict with "version", as the service's get returned it). Empty for a new record."""
    if not loaded or loaded.get("version") is None:
        return {}
    return {"version": loaded["version"], "base": loaded, "merge": True, "resolved": resolved}


def save_checked(parent, loaded: dict | None, submit, reload=None, display=None):
    """SUBMIT(**check_args(LOADED)) → its result. On EditConflict the merge dialog: 按选择保存 submits again
    with the choices; 放弃我的修改（重新载入） calls RELOAD() (if given); both end in NOT_SAVED unless the
    re-submitted save succeeds. Other errors propagate to the form's own handling."""
    resolved: dict | None = None
    while True:
        try:
            return submit(**check_args(loaded, resolved))
        except EditConflict as e:
            action, choices = conflict_dialog.ask(parent, e, display)
            if action == conflict_dialog.SAVE:
                resolved = {**(resolved or {}), **(choices or {})}
                continue
            if action == conflict_dialog.RELOAD and reload is not None:
                reload()
            return NOT_SAVED
