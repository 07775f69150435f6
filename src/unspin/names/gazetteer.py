"""Gazetteers: a name dump (JSONL/TSV, plain, .gz or .bz2) -> an indexed SQLite file -> known spellings.

Import streams the dump in fixed-size batches, so memory stays bounded whatever its size (a
1,000,000-row dump is a ``slow`` test). Lookups go through B-tree indexes on the folded form, the
metaphone key, the consonant skeleton and the translit form (``names.keys``), never a scan. A
single word is also looked up among the words of multi-word names ("Higseth" -> "Hegseth" from
"Pete Hegseth").

Accepted rows, one a line:

* JSONL: ``{"id": "Q123", "label": "Iwo Jima", "aliases": ["Iwo To", "Iōtō"]}``; ``name`` works for
  ``label``, and Wikidata-style ``{"labels": {"en": {"value": …}}, "aliases": {"en": [{"value": …}]}}``
  is read too.
* TSV: ``label<TAB>alias|alias``, or ``Q123<TAB>label<TAB>aliases``; a single column is a label.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import ConfigError, InputError
from .keys import fold, metaphone_key, skeleton_key, translit_form

SCHEMA = "unspin.gazetteer/1"
# Rows per transaction: the only thing held in memory during an import (a few MB at 5,000 rows).
BATCH_ROWS = 5000
# SQLite page cache during import and lookups, in KiB (negative cache_size = KiB): bounded memory.
CACHE_KIB = 16384
# A key shared by more forms than this is too common to discriminate (e.g. skeleton "s").
LOOKUP_LIMIT = 200
_QID = re.compile(r"^Q\d+$")

ProgressCallback = Callable[[int, int], None]
"""Called as ``(rows_read, bytes_read)`` after every batch."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote."""

    path: str
    rows: int  # names (labels) read
    forms: int  # labels + aliases stored
    skipped: int  # unreadable or empty lines


def _open_text(path: Path) -> tuple[IO[str], IO[bytes]]:
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller through the text wrapper
    head = raw.read(3)
    raw.seek(0)
    if head[:2] == b"\x1f\x8b":
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    elif head == b"BZh":
        stream = bz2.BZ2File(raw)  # type: ignore[assignment]
    else:
        stream = raw
    import io

    return io.TextIOWrapper(stream, encoding="utf-8", errors="replace"), raw


def _strings(value: object, lang: str = "en") -> list[str]:
    """Aliases as a list, from a list of strings or Wikidata's {lang: [{"value": ...}]}."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.get(lang, [])
        if isinstance(value, dict):
            value = [value]
    out = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            out.append(item["value"])
    return out


def parse_line(line: str, jsonl: bool) -> tuple[str | None, str, tuple[str, ...]] | None:
    """One dump line -> (id, label, aliases), or None when it holds no name.

    Examples:
        >>> parse_line('{"id": "Q1", "label": "Iwo Jima", "aliases": ["Iwo To"]}', True)
        ('Q1', 'Iwo Jima', ('Iwo To',))
        >>> parse_line("Q2\\tShigeru Ishiba\\tIshiba Shigeru|Ishiba", False)
        ('Q2', 'Shigeru Ishiba', ('Ishiba Shigeru', 'Ishiba'))
    """
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    if jsonl:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(row, dict):
            return None
        label = row.get("label") or row.get("name")
        if not isinstance(label, str):
            labels = _strings(row.get("labels", {}))
            label = labels[0] if labels else None
        if not label or not label.strip():
            return None
        entity = row.get("id")
        return (str(entity) if entity is not None else None, label.strip(), tuple(a.strip() for a in _strings(row.get("aliases", [])) if a.strip()))
    fields = line.split("\t")
    entity = None
    if len(fields) >= 2 and _QID.match(fields[0]):
        entity, fields = fields[0], fields[1:]
    label = fields[0].strip()
    if not label:
        return None
    aliases = tuple(a.strip() for a in re.split(r"[|;]", fields[1]) if a.strip()) if len(fields) > 1 else ()
    return entity, label, aliases


def read_names(path: str | Path) -> Iterator[tuple[str | None, str, tuple[str, ...]]]:
    """Stream (id, label, aliases) rows from a dump; the format comes from the suffix or the first byte."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"name list {p} not found; pass a JSONL or TSV file (plain, .gz or .bz2)")
    text, _raw = _open_text(p)
    with text:
        yield from _rows(text, _is_jsonl(p, text))


def _is_jsonl(p: Path, text: IO[str]) -> bool:
    suffixes = [s for s in p.suffixes if s not in (".gz", ".bz2")]
    if suffixes and suffixes[-1] in (".jsonl", ".json", ".ndjson"):
        return True
    if suffixes and suffixes[-1] in (".tsv", ".txt", ".tab"):
        return False
    first = text.read(1)  # sniff, then rewind the decoded stream
    text.seek(0)
    return first == "{"


def _rows(text: IO[str], jsonl: bool) -> Iterator[tuple[str | None, str, tuple[str, ...]]]:
    for line in text:
        parsed = parse_line(line, jsonl)
        if parsed is not None:
            yield parsed


def _keys(form: str) -> tuple[str, str, str, str]:
    return fold(form), metaphone_key(form), skeleton_key(form), translit_form(form)


def _create(con: sqlite3.Connection) -> None:
    con.executescript(
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE names(form TEXT, norm TEXT, meta TEXT, skel TEXT, trans TEXT, entity TEXT);
        CREATE TABLE tokens(norm TEXT PRIMARY KEY, form TEXT, meta TEXT, skel TEXT, trans TEXT, n INTEGER)
            WITHOUT ROWID;
        """
    )


def _flush(con: sqlite3.Connection, names: list[tuple], tokens: Counter[str]) -> None:
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", names)
    con.executemany(
        "INSERT INTO tokens VALUES (?,?,?,?,?,?) ON CONFLICT(norm) DO UPDATE SET n = n + excluded.n",
        [(*_token_keys(form), n) for form, n in tokens.items()],
    )
    con.commit()
    names.clear()
    tokens.clear()


def _token_keys(form: str) -> tuple[str, str, str, str, str]:
    norm, meta, skel, trans = _keys(form)
    return norm, form, meta, skel, trans


def import_dump(
    dump: str | Path, out: str | Path, *, on_progress: ProgressCallback | None = None, batch_rows: int = BATCH_ROWS
) -> ImportResult:
    """Build a gazetteer file from a name dump, streaming it in batches (bounded memory).

    The file is written next to ``out`` and renamed into place at the end, so an interrupted import
    never leaves a half-built gazetteer under the final name.

    Args:
        dump: JSONL or TSV name list (see the module docstring), plain, .gz or .bz2.
        out: the SQLite file to create (replaced if it exists).
        on_progress: called with (rows read, bytes of the dump file read) after every batch.
        batch_rows: rows per transaction.

    Returns:
        Counts of what was stored.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "n.tsv").write_text("Iwo Jima\\tIwo To\\nPete Hegseth\\n", encoding="utf-8")
        >>> import_dump(d / "n.tsv", d / "g.db").forms
        3
        >>> with Gazetteer(d / "g.db") as g:
        ...     g.knows("iwo jima"), g.lookup("Higseth"), g.lookup("Iowo Jimma")
        (True, ['Hegseth'], ['Iwo Jima'])
    """
    src, dst = Path(dump), Path(out)
    if not src.is_file():
        raise InputError(f"name dump {src} not found; pass a JSONL or TSV file (plain, .gz or .bz2)")
    tmp = dst.with_name(dst.name + ".part")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    rows = forms = skipped = 0
    try:
        # a fresh file that is renamed only when complete: no journal needed
        con.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{CACHE_KIB};")
        _create(con)
        text, raw = _open_text(src)
        with text:
            jsonl = _is_jsonl(src, text)
            names: list[tuple] = []
            tokens: Counter[str] = Counter()
            for line in text:
                parsed = parse_line(line, jsonl)
                if parsed is None:
                    skipped += bool(line.strip())
                    continue
                entity, label, aliases = parsed
                rows += 1
                for form in dict.fromkeys((label, *aliases)):
                    if not fold(form):
                        continue
                    names.append((form, *_keys(form), entity))
                    forms += 1
                    for word in form.split():
                        if len(fold(word)) >= 3:
                            tokens[word.strip(",.()")] += 1
                if len(names) >= batch_rows:
                    _flush(con, names, tokens)
                    if on_progress:
                        on_progress(rows, raw.tell())
            _flush(con, names, tokens)
            if on_progress:
                on_progress(rows, raw.tell())
        con.executescript(
            """
            CREATE INDEX names_norm ON names(norm);
            CREATE INDEX names_meta ON names(meta);
            CREATE INDEX names_skel ON names(skel);
            CREATE INDEX names_trans ON names(trans);
            CREATE INDEX tokens_meta ON tokens(meta);
            CREATE INDEX tokens_skel ON tokens(skel);
            CREATE INDEX tokens_trans ON tokens(trans);
            """
        )
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema", SCHEMA), ("source", str(src)), ("rows", str(rows)), ("forms", str(forms))],
        )
        con.commit()
    finally:
        con.close()
    os.replace(tmp, dst)
    return ImportResult(str(dst), rows, forms, skipped)


class Gazetteer:
    """A read-only gazetteer file built by :func:`import_dump`.

    Examples:
        See :func:`import_dump`.
    """

    def __init__(self, path: str | Path) -> None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"gazetteer {p} not found; build one with `unspin lexicon import DUMP --out {p}`")
        self.path = p
        self.name = p.name
        try:
            self._con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            self._con.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            row = self._con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{p} is not an unspin gazetteer ({exc}); rebuild it with `unspin lexicon import`") from exc
        if not row or row[0] != SCHEMA:
            raise ConfigError(f"{p} is not an {SCHEMA} file; rebuild it with `unspin lexicon import`")

    def knows(self, norm: str) -> bool:
        """True when a name, alias or word of a name has this folded spelling."""
        norm = fold(norm)
        con = self._con
        return bool(
            con.execute("SELECT 1 FROM names WHERE norm = ? LIMIT 1", (norm,)).fetchone()
            or con.execute("SELECT 1 FROM tokens WHERE norm = ? LIMIT 1", (norm,)).fetchone()
        )

    def lookup(self, form: str) -> list[str]:
        """Known spellings sharing a key with ``form`` (names for a phrase, words of names for a word)."""
        _, meta, skel, trans = _keys(form)
        table = "names" if " " in fold(form) else "tokens"
        found: dict[str, None] = {}
        for column, key in (("meta", meta), ("skel", skel), ("trans", trans)):
            if not key:
                continue
            rows = self._con.execute(
                f"SELECT form FROM {table} WHERE {column} = ? LIMIT ?", (key, LOOKUP_LIMIT + 1)
            ).fetchall()
            if len(rows) <= LOOKUP_LIMIT:
                found.update(dict.fromkeys(r[0] for r in rows))
        return list(found)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
