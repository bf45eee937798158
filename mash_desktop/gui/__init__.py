"""The PySide6 desktop client: windows, Qt models, background work, messages.

This is the only package that imports Qt. Everything it shows comes from
``mash_desktop.services``; everything that can go wrong there arrives as one of
the exceptions of ``mash_desktop.domain.errors`` and is shown by ``errors``.
"""
