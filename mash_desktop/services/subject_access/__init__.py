"""Subject access requests: the request and its clock, what is gathered, redaction and the documents."""
