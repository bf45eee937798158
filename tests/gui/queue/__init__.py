"""Tests of ``mash_desktop.gui.queue``."""
