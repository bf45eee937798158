"""Tests of ``mash_desktop.services.case``."""
