"""The event's own date and place, read from its sentence.

``resolve_date`` / ``sentence_date`` (dates.py) and ``resolve_place`` / ``sentence_location``
(places.py). Nothing heavy is imported until a function is called.
"""

from comity.timeplace.dates import EventDate, resolve_date, sentence_date
from comity.timeplace.places import resolve_place, sentence_location

__all__ = ["EventDate", "resolve_date", "resolve_place", "sentence_date", "sentence_location"]
