"""Alembic environment: migrations run on the engine communique hands over (see store/migrate.py)."""

from __future__ import annotations

from alembic import context

from communique.store.search import is_search_object
from communique.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=lambda name, type_, parents: not is_search_object(name, type_, parents),
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
