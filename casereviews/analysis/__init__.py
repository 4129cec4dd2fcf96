"""The theme engine: which learning themes a text covers, with the sentences as evidence.

Pure Python; never imports Django (an import-linter contract and a test enforce it).
"""

from casereviews.analysis.segment import Section, find_sections, split_sentences
from casereviews.analysis.subject import SUBJECTS, detect_subject
from casereviews.analysis.tagger import (
    Evidence,
    TagResult,
    ThemeResult,
    Why,
    tag_document,
    tag_text,
)
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
    "SUBJECTS",
    "TOXIC_TRIO",
    "Evidence",
    "Section",
    "TagResult",
    "Taxonomy",
    "TaxonomyError",
    "Theme",
    "ThemeResult",
    "Why",
    "default_taxonomy",
    "detect_subject",
    "find_sections",
    "load_taxonomy",
    "parse_taxonomy",
    "split_sentences",
    "tag_document",
    "tag_text",
]
