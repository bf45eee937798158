"""The intake form for a new contact, with the duplicate check."""
