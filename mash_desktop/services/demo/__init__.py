"""A realistic synthetic hub for demonstrations, training and tests, and what the tour looks up on it."""
