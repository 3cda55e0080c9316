"""Alembic migration scripts of the product's database (``env.py``, ``versions/``).

Driven from code, with no ``alembic.ini``: :func:`app.core.db.create_tables` brings a database to
head at start-up and ``minzheng db upgrade | current | revision`` are the operator and developer
commands. This package holds only the scripts and the idempotent operations they use (``ops.py``);
``app.core.db`` finds them by path, so the core never imports the packages whose tables they create.
"""
