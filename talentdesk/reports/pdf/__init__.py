"""PDF rendering helpers (reportlab): embedded CJK fonts with per-character fallback."""
