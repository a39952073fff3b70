"""SQLite storage through peewee: models, opening and migrating files, repositories."""
