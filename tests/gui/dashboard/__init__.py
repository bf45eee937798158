"""Tests of ``mash_desktop.gui.dashboard.window``."""
