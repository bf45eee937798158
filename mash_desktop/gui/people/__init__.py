"""Windows about people across contacts: warnings, the family network, chronologies."""
