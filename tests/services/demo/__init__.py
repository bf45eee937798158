"""Tests of ``mash_desktop.services.demo.hub``."""
