"""Qt user interface: main window, one page per area, table models, dialogs. No SQL here."""
