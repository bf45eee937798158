"""The audit trail for auditors: searching, verifying, sealing and the witness file."""
