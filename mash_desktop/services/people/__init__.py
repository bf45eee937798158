"""People across contacts: warnings, households, chronologies."""
