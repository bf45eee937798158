"""Tests of ``mash_desktop.gui.audit``."""
