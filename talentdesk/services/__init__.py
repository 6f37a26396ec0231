"""Use cases: plain functions over a unit of work, returning plain data, raising errors for the clerk."""
