"""Tests of ``mash_desktop.services.audit``."""
