"""Spark schemas generated from records: ScanResult dataclass fields -> StructType (no hand-kept copy)."""

from __future__ import annotations

from dataclasses import fields

from pyspark.sql.types import ArrayType, BooleanType, DataType, DoubleType, LongType, StringType, StructField, StructType

from ..records import ScanResult
from ..scan.stages import SENTENCES

_TYPES: dict[str, type[DataType]] = {"str": StringType, "float": DoubleType, "int": LongType, "bool": BooleanType}


def spark_type(annotation: str) -> DataType:
    """Spark type of a dataclass field annotation such as ``"float | None"``."""
    return _TYPES[annotation.replace(" | None", "").strip()]()


def scan_result_schema(with_sentences: bool = False) -> StructType:
    """Schema of ScanResult rows (plus the page's sentences, which the crawl archive is built from)."""
    cols = [StructField(f.name, spark_type(str(f.type)), nullable=True) for f in fields(ScanResult)]
    if with_sentences:
        cols.append(StructField(SENTENCES, ArrayType(StringType()), nullable=True))
    return StructType(cols)


LINK_SCHEMA = StructType([
    StructField("page_id", StringType()), StructField("linked_id", StringType()),
    StructField("confidence", DoubleType()), StructField("transformation", StringType()),
    StructField("mt_probability", DoubleType()), StructField("rank", LongType()), StructField("basis", StringType()),
])
