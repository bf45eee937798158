"""Administration of the hub: agencies, partners, staff, accounts and backups."""
