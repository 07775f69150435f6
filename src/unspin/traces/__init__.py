"""What a copy gives away without its original: Document -> scraper residue, provenance hints.

- ``residue``     Document -> Residue spans (source links, share buttons, autoblog footers)
- ``provenance``  Document -> Provenance (publisher, date, slug words) from URLs left in the copy
"""

from .provenance import infer_provenance
from .residue import find_residue, residue_sentence_indexes

__all__ = ["find_residue", "infer_provenance", "residue_sentence_indexes"]
