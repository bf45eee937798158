"""The mash-admin command line: a thin layer over services/."""
