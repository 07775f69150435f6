"""Benchmarks behind ``unspin bench …``: each prints a table and appends it to BENCHMARKS.md."""
