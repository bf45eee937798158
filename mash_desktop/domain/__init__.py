"""Pure rules of the hub: codes, the case lifecycle and timescales.

Nothing here imports Qt, SQL or any other part of mash_desktop.
"""
