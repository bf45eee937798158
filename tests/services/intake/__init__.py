"""Tests of ``mash_desktop.services.intake``."""
