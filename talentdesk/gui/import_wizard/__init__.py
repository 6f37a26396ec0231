"""The import wizard (files → tables and columns → preview → apply) and its pieces."""

from talentdesk.gui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
