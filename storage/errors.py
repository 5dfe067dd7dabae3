"""The database errors code outside storage/ may catch, re-exported so that it imports
nothing of SQLAlchemy (tests/storage/test_query_boundary.py, issue 11 item 1).

- `SQLAlchemyError`: the base of every error the engine raises.
- `OperationalError`: the database is unreachable or locked (SQLite's "database is locked"
  after busy_timeout, storage/engine.py), a statement timed out.
- `IntegrityError`: a constraint refused a row (a duplicate key from a race between workers).
"""

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

__all__ = ["IntegrityError", "OperationalError", "SQLAlchemyError"]
