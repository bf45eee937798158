"""Crypto, accounts, workstation credentials and the audit trail."""
