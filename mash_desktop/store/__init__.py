"""Persistence: typed ORM models, engine set-up, migrations."""
