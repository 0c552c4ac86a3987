"""Where published figures live: the database, its migrations, the accounts."""
