"""Tests of ``mash_desktop.gui.intake``."""
