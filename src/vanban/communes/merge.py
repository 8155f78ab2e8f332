"""Units merged or renamed from one year to the next: moved to ``vanban.engine.merge`` (the checks use it,
and the engine imports nothing above it). These names stay here until the command layer and the pipeline,
being reworked by issue 19, import them from there."""

from vanban.engine.merge import (
    MERGE_KEY,
    Merges,
    apply_merges,
    describe,
    load_merge_map,
    merged_unit,
    merged_values,
    read_merges,
    unknown_units,
)

__all__ = [
    "MERGE_KEY",
    "Merges",
    "apply_merges",
    "describe",
    "load_merge_map",
    "merged_unit",
    "merged_values",
    "read_merges",
    "unknown_units",
]
