"""Spark engine of `unspin scan`: crawl files -> the same outputs as the local engine, on a Spark cluster.

Only this package imports pyspark (an optional extra: ``pip install unspin[spark]``).
"""

from __future__ import annotations

__all__ = ["run_spark"]


def __getattr__(name: str):
    # Lazy: importing unspin.spark must not start (or even import) Spark.
    if name == "run_spark":
        from .job import run_spark

        return run_spark
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
