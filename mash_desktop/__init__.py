"""MASH Desktop: the workstation client of a Multi-Agency Safeguarding Hub."""

__version__ = "0.1.0"
