"""Old import paths (0.1) -> their new homes, for one release, with a DeprecationWarning.

0.2 grouped the modules into one package per pipeline stage (README, "Where things are"). Code that
imported ``unspin.align`` or ``unspin.mtscore`` keeps working: a meta-path finder hands out the moved
module under its old name and warns once. Remove in 0.3.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

MOVED = {
    "unspin.align": "unspin.match.align",
    "unspin.backends": "unspin.archive.backends",
    "unspin.backends.memory": "unspin.archive.backends.memory",
    "unspin.backends.sqlite": "unspin.archive.backends.sqlite",
    "unspin.bench.wmt": "unspin.datasets.wmt",
    "unspin.calibrate": "unspin.train.matcher",
    "unspin.fetch": "unspin.web.fetch",
    "unspin.fingerprint": "unspin.text.fingerprint",
    "unspin.lexicon": "unspin.names.lexicon",
    "unspin.mtscore": "unspin.detect",
    "unspin.mtscore.evaluate": "unspin.bench.detect",
    "unspin.mtscore.features": "unspin.detect.features",
    "unspin.mtscore.model": "unspin.detect.model",
    "unspin.mtscore.signatures": "unspin.detect.signatures",
    "unspin.mtscore.train": "unspin.train.detector",
    "unspin.names_gazetteer": "unspin.names.gazetteer",
    "unspin.names_keys": "unspin.names.keys",
    "unspin.names_lexicon": "unspin.names.from_lexicon",
    "unspin.names_sources": "unspin.names.sources",
    "unspin.normalize": "unspin.text.normalize",
    "unspin.provenance": "unspin.traces.provenance",
    "unspin.residue": "unspin.traces.residue",
    "unspin.scan_bench": "unspin.bench.scan",
    "unspin.scan_html": "unspin.scan.report_html",
    "unspin.scan_kinds": "unspin.match.kinds",
    "unspin.scan_output": "unspin.scan.output",
    "unspin.scan_parts": "unspin.scan.stages",
    "unspin.scan_progress": "unspin.scan.progress",
    "unspin.web.bench": "unspin.bench.serve",
    # 0.2.x: the detector's and the cross-language stage's language identifiers became one
    "unspin.detect.language": "unspin.text.language",
    "unspin.multilingual.langid": "unspin.text.language",
}


class MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old module name and loads it as the module at its new path (the same module object)."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=fullname in ("unspin.mtscore", "unspin.backends"))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = MOVED[spec.name]
        warnings.warn(f"{spec.name} moved to {new} in unspin 0.2; the old path goes away in 0.3",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at its new path is already executed."""


def install() -> None:
    if not any(isinstance(f, MovedFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedFinder())  # before the path finder, which would load a second copy
