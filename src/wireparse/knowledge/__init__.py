"""What wireparse knows about news copy, as tables: one row per thing, tested row by row."""
