"""Tests of ``mash_desktop.services.performance.figures``."""
