"""The audit trail window: search, verify, seal and export."""
