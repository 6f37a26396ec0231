"""The only package that knows SQL: engine, ORM models, migrations, backups, audit."""
