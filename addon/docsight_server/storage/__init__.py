"""Storage: the database handle, tables, migrations and one repository module per area."""

from .database import Database, open_database

__all__ = ["Database", "open_database"]
