"""Text: pure functions of strings.

- ``normalize``    raw text -> clean text, sentences, sentence spans
- ``fingerprint``  text -> tokens, weighted terms (names, numbers, rare words), per-sentence term bags
- ``memo``         bounded memo of a pure function of one word, read a list at a time
"""
