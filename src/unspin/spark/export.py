"""`python -m unspin.spark.export ARCHIVE.db OUT/`: an archive as partitioned Parquet for the Spark scan (spark.parquet)."""

from __future__ import annotations

import argparse
import json
import sys

from unspin.spark.parquet import export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unspin.spark.export", description=__doc__)
    parser.add_argument("archive", help="the SQLite archive (unspin index)")
    parser.add_argument("out", help="folder for originals/, postings/, df/ and meta.json")
    args = parser.parse_args(argv)
    print(json.dumps(export(args.archive, args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
