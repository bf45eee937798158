"""Tests of ``mash_desktop.gui.consultations``."""
