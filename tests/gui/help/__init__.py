"""Tests of ``mash_desktop.gui.help``."""
