"""The consultations the hub has recorded: the list, its model and one consultation."""
