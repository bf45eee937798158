"""A dialog for each step of a case: screening, allocation, disclosure, authorisation, decision."""
