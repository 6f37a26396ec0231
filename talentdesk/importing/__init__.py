"""Importing school spreadsheets: read → find the table → map columns → typed rows with issues →
an ImportPlan the clerk reviews → applied in one transaction by services.platform.imports.

See talentdesk/importing/plan.py for the API the wizard calls.
"""
