"""Restore mangled names: (copy, original | sibling copies | Lexicon) -> NameFixes and the restored text.

Modules, in import order:

- ``keys``          spelling keys of a name: folded form, metaphone, consonant skeleton, transliteration form
- ``gazetteer``     a name dump (JSONL, Wikidata labels) -> an on-disk SQLite gazetteer (``unspin lexicon import``)
- ``lexicon``       ``Lexicon``: known spellings (wordfreq, names learned from archived originals, gazetteers)
- ``sources``       proposals from the aligned original and from sibling copies
- ``from_lexicon``  proposals from the lexicon
- ``restore``       ``restore_names``/``restore``: proposals -> fixes (precision first) -> restored text
"""

from .lexicon import Lexicon, default_lexicon, learn_names, refresh_names
from .restore import apply_fixes, restore, restore_names

__all__ = ["Lexicon", "apply_fixes", "default_lexicon", "learn_names", "refresh_names", "restore", "restore_names"]
