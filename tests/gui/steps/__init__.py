"""Tests of ``mash_desktop.gui.steps``."""
