"""Tests of ``mash_desktop.services.admin``."""
