"""Information governance: sharing agreements, retention and disposal, subject access."""
