"""Loaders: files in, typed documents out.

Only the light, file-reading names are re-exported here, so ``import loaders``
stays cheap; extraction lives in :mod:`loaders.extract` and is imported from there.
"""

from loaders.documents import (
    DEFAULT_MAX_BYTES,
    LOADERS,
    LoadError,
    ParsedText,
    iter_documents,
    loader_for,
    parse_html,
    parse_markdown,
    parse_text,
    read_document,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LOADERS",
    "LoadError",
    "ParsedText",
    "iter_documents",
    "loader_for",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "read_document",
]
