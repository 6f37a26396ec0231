"""Widgets of the 统计报表 page: dashboard, charts, report list with preview, printing."""
