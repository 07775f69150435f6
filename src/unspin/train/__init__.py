"""Training of the shipped models (lab code, reached from the CLI only; the library never imports it).

- ``matcher``   wmt-dev (+ distractors) -> ``data/matcher.json`` (``unspin train matcher``)
- ``detector``  wmt-dev + native newswire -> ``data/detector.json`` (``unspin train detector``)
"""
