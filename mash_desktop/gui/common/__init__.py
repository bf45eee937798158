"""What the windows and dialogs share: background work, errors, form widgets, tables."""
