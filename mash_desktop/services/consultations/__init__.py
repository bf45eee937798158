"""Consultations: recording them and searching them."""
