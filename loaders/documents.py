"""Read article files into :class:`schema.models.Document`.

A loader is chosen by the file's suffix from :data:`LOADERS`, as rdflib picks a
parser with ``guess_format``. Each loader is a pure function ``parse_…(text,
source)`` from decoded text to a :class:`ParsedText`; :func:`read_document` is
the thin part that touches the disk: it checks the file, hashes and decodes its
bytes, and wraps the parse result in a ``Document``.

Every problem with one input file raises :class:`LoadError`, so a build can
report it and go on with the other files.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from loaders.metadata import TextMetadata, find_publisher, is_chrome_line, parse_date, text_metadata
from schema.models import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LOADERS",
    "LoadError",
    "ParsedText",
    "decode_text",
    "iter_documents",
    "loader_for",
    "max_bytes_from_env",
    "parse_html",
    "parse_markdown",
    "parse_text",
    "read_document",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Largest file read, in bytes (10 MiB); the ``IJKG_MAX_BYTES`` variable overrides it."""
MAX_BYTES_VARIABLE = "IJKG_MAX_BYTES"


class LoadError(Exception):
    """A file that cannot be read as a document; ``str()`` is ``"{path}: {reason}"``.

    >>> str(LoadError(Path("notes/a.pdf"), "unsupported file type '.pdf'"))
    "notes/a.pdf: unsupported file type '.pdf'"
    """

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class ParsedText:
    """What a loader reads from a file's text: the main text and its stated metadata."""

    text: str
    meta: TextMetadata = TextMetadata()


# ---------------------------------------------------------------- plain text


def parse_text(text: str, source: str) -> ParsedText:
    """Clean plain text and read the metadata its lines state.

    Site chrome lines (``top of page``, ``Skip to content``) are dropped, trailing
    spaces trimmed and runs of blank lines folded to one.

    >>> parsed = parse_text("top of page\\nRail Line Opens\\n\\n\\n\\nBy Asha Rao\\n", "a.txt")
    >>> parsed.text
    'Rail Line Opens\\n\\nBy Asha Rao'
    >>> parsed.meta.title, parsed.meta.author
    ('Rail Line Opens', 'Asha Rao')
    """
    lines = [line.rstrip() for line in text.split("\n") if not is_chrome_line(line)]
    cleaned = _fold_blank_lines("\n".join(lines))
    return ParsedText(cleaned, text_metadata(cleaned))


def _fold_blank_lines(text: str) -> str:
    """Lines without outer spaces, at most one blank line in a row, no outer blank lines."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ---------------------------------------------------------------- markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE_OR_UNDERLINE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
# Inline syntax, in the order it is removed: images before links, strong before emphasis.
_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
]


def parse_markdown(text: str, source: str) -> ParsedText:
    """Markdown as prose: syntax stripped, metadata from front matter or the first ``#`` heading.

    Fields the front matter does not give are read from the stripped text as
    for plain text (a ``By`` line, a dateline, a copyright line).

    >>> parsed = parse_markdown("# Port *Deal* Signed\\n\\n- Talks with [JICA](https://x.jp) ended.", "a.md")
    >>> parsed.text
    'Port Deal Signed\\n\\nTalks with JICA ended.'
    >>> parsed.meta.title
    'Port Deal Signed'
    """
    front, body = _split_front_matter(text)
    prose = _fold_blank_lines("\n".join(_strip_markdown_lines(body.split("\n"))))
    stated = TextMetadata(
        title=front.get("title") or _first_level_one_heading(body.split("\n")),
        date=parse_date(front["date"]) if "date" in front else None,
        author=front.get("author"),
        publisher=front.get("publisher"),
    )
    return ParsedText(prose, stated.or_else(text_metadata(prose)))


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` pairs between leading ``---`` lines, and the text after them."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match["body"].split("\n"):
        key, colon, value = line.partition(":")
        value = value.strip().strip("[]").strip().strip("'\"")
        if colon and value and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value
    return fields, text[match.end() :]


def _first_level_one_heading(lines: list[str]) -> str | None:
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (heading := _ATX_HEADING.match(line)) and heading[1] == "#":
            return _strip_inline(heading[2]) or None
    return None


def _strip_markdown_lines(lines: list[str]) -> Iterator[str]:
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:  # code stays as written
            yield line
        elif not _is_markup_only(line):
            yield _strip_markdown_line(line)


def _is_markup_only(line: str) -> bool:
    """A rule, a heading underline, a table's separator row or a link definition."""
    return any(pattern.match(line) for pattern in (_RULE_OR_UNDERLINE, _TABLE_SEPARATOR, _LINK_DEFINITION))


def _strip_markdown_line(line: str) -> str:
    heading = _ATX_HEADING.match(line)
    if heading:
        line = heading[2]
    while re.match(r"^\s*>", line):
        line = re.sub(r"^\s*>\s?", "", line)
    line = _BULLET.sub(r"\1", line)
    if line.count("|") >= 2 or line.lstrip().startswith("|"):  # a table row
        line = line.replace("|", " ")
    return _strip_inline(line)


def _strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


# ---------------------------------------------------------------- HTML

_CHROME_TAGS = ["script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg", "template"]
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
# One class or id such as "cookie-banner", "share-bar", "site-footer", "main-nav";
# not "shareholder-list" or "has-sidebar" (the chrome word must start the name).
_CHROME_NAME = re.compile(
    r"^(?:site|page|global|main|top|bottom)?[-_]?"
    r"(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|gdpr|share|sharing|social"
    r"|footer|sidebar|newsletter|subscribe|subscription|advert\w*|ads?|promo|related|comments?|popup|modal)"
    r"(?:[-_]\w+)*$",
    re.I,
)
_PARAGRAPH_TAGS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "section", "article", "main",
    "header", "ul", "ol", "dl", "table", "figure", "pre", "address",
]  # fmt: skip
_LINE_TAGS = ["li", "tr", "td", "th", "dt", "dd", "figcaption", "caption"]


def parse_html(text: str, source: str) -> ParsedText:
    """The main text of an HTML page, one line per block, and the metadata the page states.

    The main text is the largest ``<article>``, else ``<main>``, else ``<body>``,
    without scripts, styles, navigation, headers and footers of the page, or
    elements whose role, class or id marks them as menus, cookie banners,
    share bars or footers.

    Raises
    ------
    LoadError
        When nothing is left: the page has no main text.

    Examples
    --------
    >>> page = "<title>Port deal</title><nav>Home</nav><p>Work began.</p><p>It ends in 2027.</p>"
    >>> parsed = parse_html(page, "a.html")
    >>> parsed.text, parsed.meta.title
    ('Work began.\\n\\nIt ends in 2027.', 'Port deal')
    """
    soup = BeautifulSoup(text, "lxml")
    head = _html_head_metadata(soup)
    # The copyright line sits in the footer, so read it before footers go.
    publisher = head.publisher or find_publisher(soup.get_text("\n").split("\n"))
    _remove_chrome(soup)
    content = _main_content(soup)
    main_text = _block_text(content)
    if not main_text:
        raise LoadError(source, "HTML has no main text (only scripts, styles, navigation or markup)")
    text_says = text_metadata(main_text)  # a "By ..." line or a dateline in the article
    stated = TextMetadata(
        title=head.title or _first_heading(content) or _page_title(soup, publisher),
        date=head.date or _first_time(content) or text_says.date,
        author=head.author or text_says.author,
        publisher=publisher,
    )
    return ParsedText(main_text, stated)


def _meta_content(soup: BeautifulSoup, *keys: str) -> str | None:
    """The first non-empty ``<meta>`` content whose name, property or itemprop is one of ``keys``."""
    for key in keys:
        for attribute in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attribute: re.compile(rf"^{re.escape(key)}$", re.I)})
            if tag and tag.get("content", "").strip():
                return tag["content"].strip()
    return None


def _html_head_metadata(soup: BeautifulSoup) -> TextMetadata:
    """Metadata from ``<meta>`` tags and ``rel=author`` links, read before chrome is removed."""
    author = _meta_content(soup, "author", "article:author", "dc.creator")
    if author and re.match(r"https?://", author):  # article:author is often a profile URL
        author = None
    if author is None and (link := soup.find(attrs={"rel": "author"})):
        author = link.get_text(" ", strip=True) or None
    date = _meta_content(soup, "article:published_time", "datePublished", "date", "dc.date", "publish-date")
    return TextMetadata(
        title=_meta_content(soup, "og:title"),
        date=parse_date(date) if date else None,
        author=author,
        publisher=_meta_content(soup, "og:site_name"),
    )


def _page_title(soup: BeautifulSoup, publisher: str | None) -> str | None:
    """``<title>``, without a trailing ``| Site`` or ``- Site`` naming the publisher."""
    if soup.title is None:
        return None
    title = soup.title.get_text(" ", strip=True)
    if publisher:
        title = re.sub(rf"\s+[|\-–—:]\s+{re.escape(publisher)}\s*$", "", title)
    return title or None


def _remove_chrome(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    # A page's own header is chrome; an article's header holds its headline and byline.
    for header in soup.find_all("header"):
        if not header.find_parent(["article", "main"]):
            header.decompose()
    for tag in soup.find_all(_is_chrome_element):
        if not tag.decomposed and not tag.find(["article", "main"]):
            tag.decompose()


def _is_chrome_element(tag: Tag) -> bool:
    if tag.name in ("html", "body", "article", "main"):
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if (tag.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = list(tag.get("class") or []) + [tag.get("id") or ""]
    return any(_CHROME_NAME.match(name) for name in names if name)


def _main_content(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda article: len(article.get_text(strip=True)))
    return soup.find("main") or soup.body or soup


def _first_heading(content: Tag) -> str | None:
    heading = content.find("h1")
    if heading is None:
        return None
    return heading.get_text(" ", strip=True) or None


def _first_time(content: Tag) -> str | None:
    for time in content.find_all("time"):
        date = parse_date(time.get("datetime", "")) or parse_date(time.get_text(" "))
        if date:
            return date
    return None


def _block_text(content: Tag) -> str:
    """Text with block elements on lines of their own, so sentences do not run together."""
    for string in content.find_all(string=True):
        if not string.find_parent("pre"):
            string.replace_with(re.sub(r"\s+", " ", string))
    for br in content.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for tag in content.find_all(_PARAGRAPH_TAGS):
        tag.insert_before("\n\n")
        tag.append("\n\n")
    for tag in content.find_all(_LINE_TAGS):  # inside a list or table, which opens a paragraph
        tag.append("\n")
    return _fold_blank_lines(content.get_text())


# ---------------------------------------------------------------- the table

LOADERS: dict[str, Callable[[str, str], ParsedText]] = {
    ".txt": parse_text,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
}


def loader_for(path: Path | str) -> Callable[[str, str], ParsedText]:
    """The parse function for a file, chosen by its suffix (any case).

    >>> loader_for("notes/Report.HTML").__name__
    'parse_html'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in LOADERS:
        known = ", ".join(sorted(LOADERS))
        found = f"'{suffix}'" if suffix else "with no suffix"
        raise LoadError(path, f"unsupported file type {found} (supported: {known})")
    return LOADERS[suffix]


# ---------------------------------------------------------------- bytes to text

_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}))
_MAX_CONTROL_SHARE = 0.1
_WINDOWS_ONLY_BYTES = re.compile(rb"[\x80-\x9f]")  # where cp1252 differs from latin-1


def decode_text(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode a text file's bytes; return the text and the encoding assumed.

    UTF-8 (with a byte-order mark: ``utf-8-sig``) first, then Windows-1252 when
    the bytes use its printable 0x80–0x9F range (curly quotes, €), else
    ISO-8859-1 (``latin-1``), which agrees with Windows-1252 everywhere else.

    Raises
    ------
    LoadError
        When the bytes are none of these (0x81, 0x8D, 0x8F, 0x90 or 0x9D, which
        are unassigned in Windows-1252 and control codes in latin-1).

    Examples
    --------
    >>> decode_text("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode_text(b"\\x93Hi\\x94 \\x80 5")
    ('“Hi” € 5', 'cp1252')
    >>> decode_text("café".encode("latin-1"))
    ('café', 'latin-1')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not _WINDOWS_ONLY_BYTES.search(data):
        return data.decode("latin-1"), "latin-1"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        byte = data[error.start]
        reason = f"undecodable text: byte 0x{byte:02X} at offset {error.start} is not UTF-8, cp1252 or latin-1"
        raise LoadError(path, reason) from None


def _check_not_binary(data: bytes, path: Path) -> None:
    if b"\x00" in data:
        raise LoadError(path, "binary file (contains NUL bytes), not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise LoadError(path, f"binary file ({controls / len(data):.0%} control characters), not text")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- reading files


def max_bytes_from_env() -> int:
    """The size limit: ``IJKG_MAX_BYTES`` if set, else :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{MAX_BYTES_VARIABLE} must be a whole number of bytes, got {value!r}") from None


def read_document(path: Path | str, doc_id: str | None = None, max_bytes: int | None = None) -> Document:
    """Read one file into a :class:`Document`.

    Parameters
    ----------
    path
        The file; its suffix picks the loader (see :data:`LOADERS`).
    doc_id
        The document's id; the file name when not given.
    max_bytes
        Largest file accepted; when ``None``, ``IJKG_MAX_BYTES`` or 10 MiB.

    Raises
    ------
    LoadError
        For a missing file, a folder, an unsupported suffix, a file over
        ``max_bytes``, an empty or white-space-only file, a binary file,
        undecodable text, or an HTML page with no main text.
    """
    path = Path(path)
    _check_is_file(path)
    parse = loader_for(path)
    data = _read_text_bytes(path, max_bytes if max_bytes is not None else max_bytes_from_env())
    text, encoding = decode_text(data, path)
    text = _normalise_newlines(text)
    if not text.strip():
        raise LoadError(path, "file has only white space, no text")
    parsed = parse(text, str(path))
    meta = parsed.meta
    return Document(
        id=doc_id or path.name,
        source=str(path),
        title=meta.title,
        date=meta.date,
        author=meta.author,
        publisher=meta.publisher,
        content_hash=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=parsed.text,
    )


def _check_is_file(path: Path) -> None:
    if not path.exists():
        raise LoadError(path, "does not exist")
    if not path.is_file():
        raise LoadError(path, "is a folder or special file, not a regular file")


def _read_text_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, checked for size and for looking like text."""
    size = path.stat().st_size
    if size > max_bytes:
        reason = f"file is {size:,} bytes, over the limit of {max_bytes:,} (set {MAX_BYTES_VARIABLE} to change it)"
        raise LoadError(path, reason)
    if size == 0:
        raise LoadError(path, "file is empty")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(path, f"cannot be read: {error.strerror or error}") from None
    _check_not_binary(data, path)
    return data


def iter_documents(paths: Iterable[Path | str]) -> Iterator[tuple[Path, str]]:
    """The files to read, each with its document id.

    A file argument is yielded as it is, with its name as id. A folder yields
    every file below it, sorted, skipping hidden files and folders (names
    starting with ``.``), with the path relative to the folder (POSIX form) as
    id. Files with other suffixes are yielded too, so that
    :func:`read_document` reports them.

    A path that does not exist is yielded as well (id: its name): the error is
    raised by :func:`read_document`, so a build loop meets every problem in one
    place, as a :class:`LoadError` per item.

    Examples
    --------
    >>> [doc_id for _, doc_id in iter_documents(["no/such/file.txt"])]
    ['file.txt']
    """
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            yield from _folder_documents(path)
        else:
            yield path, path.name


def _folder_documents(folder: Path) -> Iterator[tuple[Path, str]]:
    found = []
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                file = Path(directory, name)
                found.append((file.relative_to(folder).as_posix(), file))
    for doc_id, file in sorted(found):
        yield file, doc_id
