"""Find the original: (copy Document, Archive) -> Attribution (match or abstention, candidates, alignment).

- ``align``  (copy, original) -> sentence Alignment: similarity matrices, the row DP, row kinds
- ``kinds``  (copy, original, alignment, MT score) -> the transformation verdict and its evidence
- ``find``   retrieve candidates, re-rank, align the best, decide with the calibrated confidence model

The confidence model (``data/matcher.json``) is fitted by ``unspin train matcher`` (``unspin.train.matcher``).
"""

from .align import align, align_bags, build_alignment
from .find import FEATURES, Attribution, confidence, find_original, number_agreement, numbers

__all__ = ["FEATURES", "Attribution", "align", "align_bags", "build_alignment", "confidence", "find_original",
           "number_agreement", "numbers"]
