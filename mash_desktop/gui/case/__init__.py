"""The case workspace: one referral, its sections, panels, documents and menus."""
