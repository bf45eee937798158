"""Tests of ``mash_desktop.services.consultations.records``."""
