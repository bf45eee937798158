"""The public face of the field readers (kept in :mod:`._fields`): what code
outside ``domain/`` may use to check input the way the domain does.

:func:`whole_number` reads a whole number typed as text (a command-line
option) within bounds a PostgreSQL ``integer`` column can hold, up to
:data:`LARGEST_ID`, and refuses anything else in one line naming the field.
"""

from __future__ import annotations

from ._fields import LARGEST_ID, whole_number

__all__ = ["LARGEST_ID", "whole_number"]
