"""Text: pure functions of strings.

- ``normalize``    raw text -> clean text, sentences, sentence spans
- ``fingerprint``  text -> tokens, weighted terms (names, numbers, rare words), per-sentence term bags
"""
