"""Pure domain rules: no Qt, no SQL, no project imports outside this package."""
