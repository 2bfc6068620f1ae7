"""Parquet files through pyarrow (the optional extra ``parquet``), read in record batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from antq_rules.errors import Problem
from antq_rules.tables import _messages as msg
from antq_rules.tables._sheet import FileProblems, RowCells, Sheet

__all__ = ["open_parquet"]

_BATCH = 8192


def _module() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pq


def open_parquet(path: Path, display: str) -> list[Sheet]:
    """The file's one table: its column names as the header row, rows numbered from 2."""
    pq = _module()
    if pq is None:
        raise FileProblems([Problem(msg.no_parquet(), file=display)])
    try:
        meta = pq.ParquetFile(path)
        header = tuple(meta.schema_arrow.names)
        meta.close()
    except Exception as exc:  # pyarrow raises several kinds on a damaged or foreign file
        reason = f"{type(exc).__name__}: {exc}"[:300]
        raise FileProblems([Problem(msg.damaged(reason), file=display)]) from None

    def rows() -> Iterator[RowCells]:
        number = 2
        pf = pq.ParquetFile(path)
        try:
            for batch in pf.iter_batches(batch_size=_BATCH, use_pandas_metadata=False):
                columns = [col.to_pylist() for col in batch.columns]
                for cells in zip(*columns, strict=True):
                    yield number, cells
                    number += 1
        finally:
            pf.close()

    return [Sheet(file=display, sheet=None, name=path.stem, header=header, rows=rows)]
