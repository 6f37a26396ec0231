"""Exchange packages between the counties and the city (no network): the package file, keys, sending, receiving,
codes, cross-county moves."""
