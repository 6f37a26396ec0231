"""Tabs of the 招聘引才 page (recruitment and talent services, issue 6)."""
