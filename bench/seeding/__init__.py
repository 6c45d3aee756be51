"""The parts of `manage.py seed_bulk` (bench/management/commands/seed_bulk.py)."""
