"""What a text states about itself: title, date, author and publisher.

News pages copied as plain text keep their metadata as lines of prose: a
dateline (``New Delhi, February 5, 2025:``), a byline (``By Jane Doe``), an
``About the Author`` paragraph, a copyright footer (``© 2023 by Name.``). The
functions here read those lines with general patterns; each returns ``None``
where the text does not state the field, never a guess.

Dates come out as ISO 8601 at the precision the text states: ``2025-02-05``
for a day, ``2025-02`` for a month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "TextMetadata",
    "find_author",
    "find_date",
    "find_publisher",
    "find_title",
    "is_chrome_line",
    "parse_date",
    "text_metadata",
]


@dataclass(frozen=True)
class TextMetadata:
    """The metadata a document states; ``None`` where it states nothing."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None

    def or_else(self, other: TextMetadata) -> TextMetadata:
        """Fill the fields this one lacks from ``other``.

        >>> TextMetadata(title="A").or_else(TextMetadata(title="B", date="2024")).date
        '2024'
        """
        return TextMetadata(
            title=self.title or other.title,
            date=self.date or other.date,
            author=self.author or other.author,
            publisher=self.publisher or other.publisher,
        )


# ---------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"

# Each form names its parts, so one function turns any of them into ISO 8601.
_DATE_FORMS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),  # also 2025-12-04T09:30
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>{_DAY})[,.]?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.I),
]
# Any of the forms above, for use inside bigger patterns.
_DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\.?\s+{_DAY}[,.]?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}|{_MONTH}\.?,?\s+\d{{4}})"
)


def parse_date(phrase: str) -> str | None:
    """The first date written in ``phrase``, as ISO 8601 at its stated precision.

    >>> parse_date("Published on August 16, 2025")
    '2025-08-16'
    >>> parse_date("Updated: 12 Jan 2024")
    '2024-01-12'
    >>> parse_date("March 2024"), parse_date("2025-12-04T09:30:00+05:30")
    ('2024-03', '2025-12-04')
    >>> parse_date("February 30, 2025") is None
    True
    """
    for form in _DATE_FORMS:
        match = form.search(phrase)
        if match:
            return _iso(match.groupdict())
    return None


def _iso(parts: dict[str, str | None]) -> str | None:
    year = int(parts["year"])
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    day_text = parts.get("day")
    try:
        if day_text is None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        day = int(re.match(r"\d+", day_text).group())
        return dt.date(year, month, day).isoformat()
    except ValueError:  # a date that does not exist, such as 30 February
        return None


# Labels that introduce the publication date, anywhere on a line
# ("By Jane Doe | Published: March 3, 2024"). "Updated" is a weaker signal.
_PUBLISHED_LABEL = re.compile(
    rf"\b(?:Published|Posted|First published|Publish(?:ed)? date|Date)(?:\s+on)?\s*[:\-–]?\s*"
    rf"{_WEEKDAY}(?P<date>{_DATE})",
    re.I,
)
_UPDATED_LABEL = re.compile(
    rf"\b(?:Last updated|Updated)(?:\s+on)?\s*[:\-–]?\s*{_WEEKDAY}(?P<date>{_DATE})", re.I
)
# Capitalised words such as "New Delhi" or "TFP": place names and bylines.
_PROPER = r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3}"
_BUREAU = r"(?:Bureau|Desk|News Desk|Correspondent|Staff|Team|News Service|News Network)"
# "TFP Bureau, New Delhi, February 5, 2025:" or "Mumbai. March 3. 2024": an
# optional bureau byline, one to three place names, then the date.
_DATELINE = re.compile(
    rf"^\s*(?:(?P<byline>{_PROPER}\s+{_BUREAU})[,:]\s+)?"
    rf"{_PROPER}(?:[,.]\s+{_PROPER}){{0,2}}[,.]\s+(?i:{_WEEKDAY}(?P<date>{_DATE}))\s*(?:[:.\-–—(]|$)"
)
_DATE_ONLY_LINE = re.compile(rf"^\s*{_WEEKDAY}(?P<date>{_DATE})\s*$", re.I)


def find_date(lines: list[str]) -> str | None:
    """The publication date the text states, from the strongest signal found.

    Order: a ``Published``/``Posted``/``Date`` label, a dateline, a line that is
    only a date, an ``Updated`` label. Dates in running prose are not taken:
    they are the dates of events, not of the article.

    >>> find_date(["Mumbai. March 3. 2024", "The port opened in May 2019."])
    '2024-03-03'
    >>> find_date(["Trade rose in June 2023."]) is None
    True
    """
    for pattern in (_PUBLISHED_LABEL, _DATELINE, _DATE_ONLY_LINE, _UPDATED_LABEL):
        for line in lines:
            match = pattern.search(line)
            if match and (date := parse_date(match["date"])):
                return date
    return None


# ---------------------------------------------------------------- authors

_HONORIFIC = r"(?:(?:Dr|Prof|Mr|Ms|Mrs|Shri|Smt)\.?\s+)?"
_NAME_WORD = r"(?:[A-Z][\w'’-]*\.?|(?:de|van|von|bin|al|da|der|la)\b)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:\s+(?:and|&)\s+{_NAME})*"  # "Jane Doe and Ravi Menon"
_NOT_A_NAME = re.compile(rf"^(?:{_MONTH}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|The|This|Then)\b")
# A short line "By Jane Doe", ended by the line or by a separator: "By Jane
# Doe | March 3, 2024", "By Jane Doe - Tokyo".
_BYLINE = re.compile(rf"^\s*(?:By|BY)\s+(?P<name>{_NAMES})\s*(?:$|[,|•·]|\s[-–—]\s)")
_AUTHOR_LABEL = re.compile(
    rf"^\s*(?i:Author|Written by|Reported by|Words by)\s*:?\s+"
    rf"(?P<name>{_NAMES})\s*(?:$|[,|•·]|\s[-–—]\s)"
)
_ABOUT_AUTHOR = re.compile(r"^\s*About (?:the )?Authors?\s*:?\s*$", re.I)
_BIO_START = re.compile(rf"^\s*{_HONORIFIC}(?P<name>{_NAME})\s+(?:is|was|has|works|serves|teaches)\b")
_AUTHOR_IS = re.compile(r"^\s*The (?:author|writer)s? (?:is|are)\s+(?P<rest>.+)$", re.I)
_MAX_BYLINE_WORDS = 15


def find_author(lines: list[str]) -> str | None:
    """The author the text names, from a byline or an author note.

    Order: ``By Jane Doe``; ``Author: Jane Doe``; a bureau byline before a
    dateline (``PTI Bureau, New Delhi, ...``); the paragraph after ``About the
    Author`` when it opens with a name (``Jane Doe is a ...``); ``The author is
    ...`` (the rest of that sentence, as the text describes the author).

    >>> find_author(["By Jane Doe | March 3, 2024"])
    'Jane Doe'
    >>> find_author(["About the Author", "", "Ravi Menon is a fellow at a think tank."])
    'Ravi Menon'
    >>> find_author(["By 2030, exports will double."]) is None
    True
    """
    for finder in (_byline_author, _labelled_author, _bureau_author, _about_author, _author_note):
        author = finder(lines)
        if author:
            return author
    return None


def _byline_author(lines: list[str]) -> str | None:
    for line in lines:
        if len(line.split()) > _MAX_BYLINE_WORDS:
            continue
        match = _BYLINE.match(line)
        if match and not _NOT_A_NAME.match(match["name"]):
            return match["name"].strip()
    return None


def _labelled_author(lines: list[str]) -> str | None:
    for line in lines:
        match = _AUTHOR_LABEL.match(line)
        if match:
            return match["name"].strip()
    return None


def _bureau_author(lines: list[str]) -> str | None:
    for line in lines:
        match = _DATELINE.match(line)
        if match and match["byline"]:
            return match["byline"]
    return None


def _about_author(lines: list[str]) -> str | None:
    for index, line in enumerate(lines):
        if not _ABOUT_AUTHOR.match(line):
            continue
        paragraph = next((later for later in lines[index + 1 :] if later.strip()), "")
        match = _BIO_START.match(paragraph)
        if match and not _NOT_A_NAME.match(match["name"]):
            return match["name"]
    return None


def _author_note(lines: list[str]) -> str | None:
    for line in lines:
        match = _AUTHOR_IS.match(line)
        if not match:
            continue
        # The first sentence only; "Pvt. Ltd." does not end it, ". He" does.
        described = re.split(r"\.\s+(?=[A-Z][a-z]+\s)", match["rest"])[0]
        described = re.split(r",\s+(?:a|an|the)\s+", described)[0]  # "Jane Doe, a fellow at ..."
        described = re.sub(r"^(?:a|an|the)\s+", "", described, flags=re.I)
        return described.strip(" .") or None
    return None


# ---------------------------------------------------------------- publisher

# "© 2023 by Name.", "© Name 2024", "Copyright © 2019-2024 Name | Privacy".
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|Copyright\s*(?=©|\(c\)|\d{4}|by\b))\s*(?:©|\(c\))?(?P<rest>.*)$", re.I
)
_YEARS = re.compile(r"\b\d{4}(?:\s*[-–]\s*\d{2,4})?\b")
_MAX_PUBLISHER_WORDS = 8


def find_publisher(lines: list[str]) -> str | None:
    """The publisher named by a copyright line (the last one, as footers come last).

    >>> find_publisher(["Body text.", "© 2023 by Harbour Weekly. All rights reserved."])
    'Harbour Weekly'
    >>> find_publisher(["Copyright law differs between countries."]) is None
    True
    """
    for line in reversed(lines):
        match = _COPYRIGHT.match(line)
        if match and (name := _copyright_holder(match["rest"])):
            return name
    return None


def _copyright_holder(rest: str) -> str | None:
    rest = re.split(r"all rights reserved|[|•·]", rest, flags=re.I)[0]
    rest = _YEARS.sub(" ", rest)
    rest = re.sub(r"^\W*by\s+", "", rest.strip(" ,.-–"), flags=re.I)
    name = re.sub(r"\s+", " ", rest).strip(" ,.-–")
    if not name or len(name.split()) > _MAX_PUBLISHER_WORDS:
        return None
    return name


# ---------------------------------------------------------------- title

_CHROME_LINE = re.compile(
    r"^\s*(?:top of page|bottom of page|skip to (?:main )?content|skip to (?:main )?navigation"
    r"|jump to navigation|back to top|scroll to top|advertisement)\s*$",
    re.I,
)
_MAX_TITLE_WORDS = 30
_LABEL_WORDS = 2  # a category line such as "Geo Politics" or "Business"
_HEADLINE_WORDS = 4


def is_chrome_line(line: str) -> bool:
    """Whether a line is website furniture rather than article text.

    >>> is_chrome_line("Skip to content"), is_chrome_line("Top of the page is blue.")
    (True, False)
    """
    return bool(_CHROME_LINE.match(line))


def find_title(lines: list[str]) -> str | None:
    """The headline: the first substantial line of the text.

    Skipped: site chrome, bylines and date lines, and a 1–2 word section label
    when a longer headline (not a paragraph) follows it. A first line longer than a headline is a
    paragraph: then the text states no title.

    >>> find_title(["Skip to content", "Business", "", "Port Deal Signed in Chennai", "Text."])
    'Port Deal Signed in Chennai'
    >>> find_title(["Rail Links", "Contents", "Rail Links"])
    'Rail Links'
    """
    candidates = [line.strip() for line in lines if line.strip() and not is_chrome_line(line)]
    candidates = [line for line in candidates if not _is_metadata_line(line)]
    if not candidates:
        return None
    title = candidates[0]
    if len(candidates) > 1 and _is_label_before_headline(title, candidates[1]):
        title = candidates[1]
    if len(title.split()) > _MAX_TITLE_WORDS:
        return None
    return re.sub(r"(?<!\.)\.$", "", title) or None


def _is_label_before_headline(line: str, following: str) -> bool:
    return len(line.split()) <= _LABEL_WORDS and _HEADLINE_WORDS <= len(following.split()) <= _MAX_TITLE_WORDS


def _is_metadata_line(line: str) -> bool:
    return any(
        pattern.match(line) for pattern in (_BYLINE, _AUTHOR_LABEL, _DATE_ONLY_LINE, _DATELINE)
    ) or bool(re.match(r"^\s*(?:Published|Posted|Updated|Last updated)\b", line, re.I))


# ---------------------------------------------------------------- all at once


def text_metadata(text: str) -> TextMetadata:
    """Everything the plain text states about itself.

    >>> meta = text_metadata("Harbour Deal Signed\\n\\nBy Asha Rao\\n\\nKochi, 4 June 2024: Work began.")
    >>> meta.title, meta.date, meta.author
    ('Harbour Deal Signed', '2024-06-04', 'Asha Rao')
    """
    lines = text.split("\n")
    return TextMetadata(
        title=find_title(lines),
        date=find_date(lines),
        author=find_author(lines),
        publisher=find_publisher(lines),
    )
