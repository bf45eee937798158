"""Strategy discussions held on a case, their actions, and the figures about them."""
