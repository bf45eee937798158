"""Tests of ``mash_desktop.services.queue``."""
