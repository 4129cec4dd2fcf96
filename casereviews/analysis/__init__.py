"""The theme engine: which learning themes a text covers, with the sentences as evidence.

Pure Python; never imports Django (an import-linter contract and a test enforce it).
"""

from casereviews.analysis.segment import Section, find_sections, split_sentences
from casereviews.analysis.tagger import Evidence, TagResult, ThemeResult, tag_text
from casereviews.analysis.taxonomy import (
    TOXIC_TRIO,
    Taxonomy,
    TaxonomyError,
    Theme,
    default_taxonomy,
    load_taxonomy,
    parse_taxonomy,
)

__all__ = [
    "TOXIC_TRIO",
    "Evidence",
    "Section",
    "TagResult",
    "Taxonomy",
    "TaxonomyError",
    "Theme",
    "ThemeResult",
    "default_taxonomy",
    "find_sections",
    "load_taxonomy",
    "parse_taxonomy",
    "split_sentences",
    "tag_text",
]
