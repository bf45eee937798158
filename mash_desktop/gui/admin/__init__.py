"""The Administration window: partners, cost share, staff, workstations and keys."""
