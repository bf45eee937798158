"""PDF documents the hub produces: information-sharing record, case summary
and referrer feedback letter. Pure rendering from plain data: nothing here
reads the database (services/case/documents.py gathers, records and writes)."""
