"""The hub's performance figures, their labelled lines and the report file."""
