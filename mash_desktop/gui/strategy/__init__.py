"""Strategy discussions: the dialog that records one, and how the case and the queue show them."""
