from alembic import context

from talentdesk.store.all_models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # running the alembic CLI for autogenerate during development
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic: set sqlalchemy.url (the program passes its engine in config.attributes)")
    engine = create_engine(url)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
