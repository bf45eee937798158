"""Tests of ``mash_desktop.gui.case``."""
