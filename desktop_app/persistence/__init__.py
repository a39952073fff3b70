"""SQLite storage: opening and migrating files, repositories; peewee models define the schema."""
