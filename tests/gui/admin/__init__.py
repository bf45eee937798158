"""Tests of ``mash_desktop.gui.admin``."""
