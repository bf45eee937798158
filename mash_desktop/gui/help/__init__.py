"""The guidance manual, the process map and the screenshot tour."""
