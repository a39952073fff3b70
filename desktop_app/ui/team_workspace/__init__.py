"""Opening a team workspace on a PostgreSQL server from the window: address, password, recents."""
