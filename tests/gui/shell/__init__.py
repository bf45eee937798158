"""Tests of ``mash_desktop.gui.shell``."""
