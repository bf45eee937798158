"""Tests of ``mash_desktop.gui.common``."""
