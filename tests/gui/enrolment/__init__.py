"""Tests of ``mash_desktop.gui.enrolment``."""
