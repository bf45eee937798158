"""One case: reading it, its steps, panels, disclosures, documents and signed state."""
