"""Qualifiers of a relation read from one sentence: dates, money, shares, modality.

Pure functions over strings (no spaCy), meant to run on every sentence of many
documents: every pattern is compiled once, at import. Every match carries
character offsets into the string it was found in, so ``text[m.start:m.end] ==
m.text``.

- Dates come out as ISO 8601 at the precision the text states: ``1968``,
  ``2019-12``, ``2025-12-04``, intervals as ``start/end`` (``2000/2011``,
  ``1990/1999``, ``2023-04/2024-03``).
- Money comes out as a whole-unit amount and an ISO 4217 currency:
  ``₹15,750 crore`` is ``(157500000000, "INR")``.
- Shares come out as a fraction in ``[0, 1]`` with the word that says what the
  percentage is of (``stake``, ``financing``, ``cost``, ...).
- ``modality`` says whether a sentence (or the clause around a trigger) states
  a fact, reports a plan, or denies it.

Rules chosen where the text is ambiguous (each is tested):

- A bare year is a number from 1800 to 2099 that is not part of a decimal, a
  thousands-grouped number, a money amount, a quantity with a unit
  (``2030 MW``), or a page/issue number (``p. 2019``).
- Month names must be capitalised (``May`` is a month, ``may`` is a modal).
- ``04/12/2025`` is skipped: day-first and month-first readings both exist.
- A day and month without a year (``February 4``) take the year of the nearest
  such date not after the reference date; without a reference they are skipped.
- ``FY 2023-24`` is April 2023 to March 2024. A fiscal year written with one
  year (``FY24``, ``FY2024``, ``fiscal 2024``) follows the Indian convention and
  is named after the year it ends in: ``2023-04/2024-03``. Marked as Japanese
  (``Japanese fiscal year 2024``, ``JFY2024``), it is named after the year it
  starts in: ``2024-04/2025-03``.
- ``2023-24`` without ``FY`` is read literally, as the range ``2023/2024``.
- ``the early 1990s`` is the decade ``1990/1999``: the text states no finer
  bounds.
- ``last/this/next year`` and ``last/this/next month`` need a reference date.
- Money needs a currency (symbol, code or word): ``500 crore`` alone is not
  money, nor is ``multi-billion-rupee``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from loaders.extract.regex_literals import GatedPattern

__all__ = [
    "DateMatch",
    "Modality",
    "Money",
    "MoneyMatch",
    "ShareMatch",
    "find_dates",
    "find_money",
    "find_shares",
    "modality",
    "parse_date",
    "parse_money",
]

Modality = Literal["stated", "planned", "negated"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression found in a text.

    ``kind`` is one of ``day``, ``month``, ``year``, ``quarter``,
    ``fiscal_year``, ``range``, ``decade``, ``relative``.
    """

    start: int
    end: int
    text: str
    iso: str
    kind: str


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in whole units of an ISO 4217 currency."""

    amount: int | float
    currency: str


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """An amount of money found in a text."""

    start: int
    end: int
    text: str
    amount: int | float
    currency: str

    @property
    def money(self) -> Money:
        """The amount and currency without the position."""
        return Money(self.amount, self.currency)


@dataclass(frozen=True, slots=True)
class ShareMatch:
    """A percentage found in a text, as a fraction.

    ``context`` says what the percentage is of, from the nearest cue word
    (``cue``) after it, else before it: ``stake``, ``share``,
    ``market_share``, ``financing``, ``cost``, ``interest``, ``change`` or
    ``other``.
    """

    start: int
    end: int
    text: str
    share: float
    context: str
    cue: str | None


# ---------------------------------------------------------------- shared helpers

_Span = tuple[int, int]


def _leftmost_longest(candidates: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Keep non-overlapping candidates, earliest first, the longest at a tie.

    >>> _leftmost_longest([(0, 4, "a"), (0, 9, "b"), (5, 12, "c"), (12, 14, "d")])
    [(0, 9, 'b'), (12, 14, 'd')]
    """
    kept: list[tuple[int, int, object]] = []
    last_end = -1
    for candidate in sorted(candidates, key=lambda c: (c[0], c[0] - c[1])):
        if candidate[0] >= last_end:
            kept.append(candidate)
            last_end = candidate[1]
    return kept


def _overlaps(start: int, end: int, spans: list[_Span]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _number(text: str) -> Decimal:
    """``"1,652.26"`` → ``Decimal("1652.26")``; Indian grouping ``1,08,000`` too."""
    return Decimal(text.replace(",", ""))


def _whole_if_possible(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# ---------------------------------------------------------------- money

_NUMBER = r"\d+(?:,\d+)*(?:\.\d+)?"
# Powers of ten by unit, keyed without spaces or a plural "s" (see _unit_key).
_SCALE_EXPONENTS = {
    "lakhcrore": 12, "lakh": 5, "lac": 5, "crore": 7, "cr": 7, "thousand": 3, "k": 3,
    "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12, "tr": 12,
}  # fmt: skip
# Longest first so that "lakh crore" wins over "lakh" and "bn" over "b".
_SCALE = (
    r"(?i:lakh\s+crores?|lakhs?|lacs?|crores?|cr\b\.?|thousand|million|mn|m|billion|bn|b"
    r"|trillion|tn|tr|k)\b"
)
_CURRENCIES = {
    "₹": "INR", "rs": "INR", "inr": "INR", "rupee": "INR",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY",
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "usdollar": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR",
    "£": "GBP", "gbp": "GBP",
}  # fmt: skip
# "$" after a letter is another dollar (A$, C$, HK$, S$); "US$" is matched whole.
_PREFIX = r"(?:US\s?\$|(?<![A-Za-z])\$|₹|¥|€|£|\bRs\b\.?|\b(?:INR|JPY|USD|EUR|GBP)\b)"
_SUFFIX = r"(?i:yen|rupees?|US\s+dollars?|dollars?|euros?)\b|\b(?:JPY|INR|USD|EUR)\b"

# Parts of an amount stay on one line: a year at a line's end is not "2024 JPY".
_GAP = r"[ \u00a0]*"
_JOIN = r"[ \u00a0-]?"
# Gated (see loaders.extract.regex_literals): most texts hold no currency word or symbol.
_MONEY_PREFIXED = GatedPattern(re.compile(
    rf"(?P<currency>{_PREFIX}){_GAP}(?P<number>{_NUMBER})(?:{_JOIN}(?P<scale>{_SCALE}))?(?!\.?\d)"
))
# "10 trillion-yen", "3,600 billion yen", "500-crore-rupee"; a code followed by a
# number belongs to that number ("in 2024 JPY 5 billion").
_MONEY_SUFFIXED = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER})(?:{_JOIN}(?P<scale>{_SCALE}))?{_JOIN}(?P<currency>{_SUFFIX})"
    rf"(?!{_GAP}\d)"
)


def find_money(text: str) -> list[MoneyMatch]:
    """Every amount of money in ``text``, in order.

    >>> [(m.text, m.amount, m.currency) for m in find_money("a 10 trillion-yen (USD 68 billion) pledge")]
    [('10 trillion-yen', 10000000000000, 'JPY'), ('USD 68 billion', 68000000000, 'USD')]
    >>> find_money("capacity of 500 GW and 10 million tons, up 5%")
    []
    """
    candidates = []
    for pattern in (_MONEY_PREFIXED, _MONEY_SUFFIXED):
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), _money_from_match(match)))
    return [
        MoneyMatch(start, end, text[start:end], money.amount, money.currency)
        for start, end, money in _leftmost_longest(candidates)
    ]


def parse_money(text: str) -> Money | None:
    """The one amount of money written in ``text``; ``None`` if none or several.

    >>> parse_money("₹15,750 crore")
    Money(amount=157500000000, currency='INR')
    >>> parse_money("Rs. 1.08 lakh crore")
    Money(amount=1080000000000, currency='INR')
    >>> parse_money("USD 1,652.26 million")
    Money(amount=1652260000, currency='USD')
    >>> parse_money("49%") is None
    True
    """
    matches = find_money(text)
    return matches[0].money if len(matches) == 1 else None


def _money_from_match(match: re.Match[str]) -> Money:
    amount = _number(match["number"])
    if match["scale"]:
        amount *= Decimal(10) ** _SCALE_EXPONENTS[_unit_key(match["scale"])]
    return Money(_whole_if_possible(amount), _CURRENCIES[_unit_key(match["currency"])])


def _unit_key(unit: str) -> str:
    """A unit as written → its key: ``"Lakh  Crores"`` → ``"lakhcrore"``, ``"Rs."`` → ``"rs"``.

    >>> _unit_key("US dollars"), _unit_key("cr."), _unit_key("Bn")
    ('usdollar', 'cr', 'bn')
    """
    key = "".join(unit.split()).lower().rstrip(".")
    return key[:-1] if key.endswith(("crores", "lakhs", "lacs", "rupees", "dollars", "euros")) else key


# ---------------------------------------------------------------- shares

_SHARE = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:\.\d+)?)\s?(?:%|(?i:per\s?-?cent|percent)\b(?!age)|pc\b)"
)
_CUES = {
    "stake": "stake", "stakes": "stake", "equity": "stake", "shareholding": "stake",
    "holding": "stake", "holds": "stake", "held": "stake", "owns": "stake",
    "owned": "stake", "ownership": "stake",
    "share": "share", "shares": "share",
    "financing": "financing", "financed": "financing", "finance": "financing",
    "finances": "financing", "funding": "financing", "funded": "financing",
    "funds": "financing", "fund": "financing", "loan": "financing", "loans": "financing",
    "oda": "financing",
    "cost": "cost", "costs": "cost",
    "interest": "interest", "rate": "interest",
    "growth": "change", "grew": "change", "rise": "change", "rose": "change",
    "increase": "change", "increased": "change", "jump": "change", "jumped": "change",
    "decline": "change", "declined": "change", "fell": "change", "drop": "change",
    "dropped": "change", "surge": "change", "surged": "change",
}  # fmt: skip
# A word, or one other character; words are read up to clause punctuation or a number.
_TOKEN = re.compile(r"[A-Za-z]+|\S")
_CUE_WINDOW_WORDS = 5
_CUE_WINDOW_CHARS = 80


def find_shares(text: str) -> list[ShareMatch]:
    """Every percentage up to 100 in ``text`` as a fraction, with what it is of.

    >>> [(m.text, m.share, m.context) for m in find_shares("JFE will take a 50% stake")]
    [('50%', 0.5, 'stake')]
    >>> [(m.share, m.context) for m in find_shares("funds 81 per cent of the project cost")]
    [(0.81, 'cost')]
    >>> [(m.share, m.context) for m in find_shares("94% of goods")]
    [(0.94, 'other')]
    """
    matches = []
    for match in _SHARE.finditer(text):
        value = _number(match["number"])
        if value > 100:
            continue
        context, cue = _share_context(text, match.start(), match.end())
        matches.append(
            ShareMatch(match.start(), match.end(), match.group(), float(value / 100), context, cue)
        )
    return matches


def _share_context(text: str, start: int, end: int) -> tuple[str, str | None]:
    """The nearest cue after the percentage (within its clause), else before it."""
    after = _words_in_clause(text[end : end + _CUE_WINDOW_CHARS])
    before = _words_in_clause(text[max(0, start - _CUE_WINDOW_CHARS) : start], backwards=True)
    for words, positions in ((after, range(len(after))), (before, reversed(range(len(before))))):
        for index in positions:
            context = _CUES.get(words[index].lower())
            if context is not None:
                return _refine_context(context, words, index), words[index]
    return "other", None


def _words_in_clause(window: str, backwards: bool = False) -> list[str]:
    """The few words of ``window`` next to the percentage, in reading order.

    Reading stops at a number or at punctuation other than a hyphen; with
    ``backwards`` the words are those at the end of ``window``.

    >>> _words_in_clause(" of the project cost, and more")
    ['of', 'the', 'project', 'cost']
    >>> _words_in_clause("rose 3% and then to ", backwards=True)
    ['and', 'then', 'to']
    """
    tokens = _TOKEN.findall(window)
    words: list[str] = []
    for token in reversed(tokens) if backwards else tokens:
        if not token.isalpha():
            if token == "-":
                continue
            break
        words.append(token)
        if len(words) == _CUE_WINDOW_WORDS:
            break
    return words[::-1] if backwards else words


def _refine_context(context: str, words: list[str], index: int) -> str:
    """``market share`` is not an ownership share; ``interest in X`` is a stake."""
    previous = words[index - 1].lower() if index > 0 else ""
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    if context == "share" and previous == "market":
        return "market_share"
    if words[index].lower() == "interest" and following == "in":
        return "stake"
    return context


# ---------------------------------------------------------------- dates

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORDS = [calendar.month_name[number] for number in range(1, 13)] + [
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
]  # fmt: skip
# Capitalised or all capitals only: "may" and "march" are also ordinary words.
_MONTH_NAME = "|".join(
    sorted({form for word in _MONTH_WORDS for form in (word, word.upper())}, key=len, reverse=True)
)
# The lookahead rejects most positions at once, before trying every name.
_M = rf"(?=[JFMASOND])(?P<month>{_MONTH_NAME})\b\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_D2 = _D.replace("day", "day2")
_Y = r"(?P<year>1\d{3}|20\d{2})(?!\d)"
_Y1 = r"(?P<y1>1\d{3}|20\d{2})"
_Y2 = r"(?P<y2>1\d{3}|20\d{2})"
_BARE_YEAR = r"1[89]\d{2}|20\d{2}"
_NOT_DIGIT_TAIL = r"(?![\d%]|[.,]\d)"

# Numbers that are quantities, page numbers or money, never years.
_QUANTITY = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s?(?:%|(?i:(?:per\s?cent|percent|million|billion|trillion|crores?"
    r"|lakhs?|thousand|hundred|tonnes?|tons?|mtpa|mt|[kmg]wh?|kms?|kilomet(?:re|er)s?"
    r"|met(?:re|er)s?|acres?|hectares?|sq)\b))"
)
_PAGE_MARKER = re.compile(r"(?:\bpp?\.|\bpages?|\b[Nn]os?\.|#)\s*$")
_PAGE_MARKER_CHARS = 8
_HAS_DIGIT = re.compile(r"\d")

_Reference = tuple[int, int | None, int | None]  # year, month, day
_REFERENCE = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str, reference: str | None = None) -> str | None:
    """The one date expression in ``text`` as ISO 8601; ``None`` if none or several.

    ``reference`` (an ISO date, usually the document's) resolves dates that
    lack a year (``February 4``) and relative ones (``last year``).

    >>> parse_date("4 December 2025"), parse_date("Dec. 4, 2025"), parse_date("December, 2019")
    ('2025-12-04', '2025-12-04', '2019-12')
    >>> parse_date("FY 2023-24"), parse_date("FY24"), parse_date("Japanese fiscal year 2024")
    ('2023-04/2024-03', '2023-04/2024-03', '2024-04/2025-03')
    >>> parse_date("between 2000 and 2011"), parse_date("the 1990s"), parse_date("Q1 2024")
    ('2000/2011', '1990/1999', '2024-01/2024-03')
    >>> parse_date("February 4", reference="2025-02-05"), parse_date("last year", "2025-02-05")
    ('2025-02-04', '2024')
    >>> parse_date("04/12/2025") is None, parse_date("1005.1 million tonnes") is None
    (True, True)
    """
    matches = find_dates(text, reference)
    return matches[0].iso if len(matches) == 1 else None


def find_dates(text: str, reference: str | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, in order, as ISO 8601.

    Where forms overlap, the one starting first wins, then the longest
    (``4 December 2025`` rather than ``December 2025``). An expression that
    is not a valid date (``February 30, 2025``) gives nothing, not a fragment.

    >>> [(m.text, m.iso) for m in find_dates("Signed on 4th December 2025, after talks in 2019-2020.")]
    [('4th December 2025', '2025-12-04'), ('2019-2020', '2019/2020')]
    >>> find_dates("China made 1005.1 million tonnes, India 2,000 tons, and G20 met in Phase 4.")
    []
    """
    return list(_recent_dates(text, reference))


# Every relation read from a clause asks for the dates of the same text (45% of
# the calls repeat the one before): the last few answers are kept. Only a few,
# as texts seldom repeat across documents.
@lru_cache(maxsize=16)
def _recent_dates(text: str, reference: str | None) -> tuple[DateMatch, ...]:
    """:func:`find_dates`, as a tuple (shared by the callers, so it must not change)."""
    ref = _parse_reference(reference)
    has_digit = _HAS_DIGIT.search(text) is not None
    if has_digit:
        has_month = _MONTH_WORD.search(text) is not None
        forms = [form for form, needs_month in zip(_DATE_FORMS, _NEEDS_MONTH_WORD) if has_month or not needs_month]
    else:
        forms = _WORD_ONLY_DATE_FORMS
    matches = [(kind, match, convert) for kind, pattern, convert in forms for match in pattern.finditer(text)]
    if not matches:
        return ()
    # quantities and money all hold a digit: without one, nothing is blocked
    blocked = _quantity_spans(text) if has_digit else []
    candidates = []
    for kind, match, convert in matches:
        start, end = match.span()
        if _overlaps(start, end, blocked) or _after_page_marker(text, start):
            continue
        # A form that matches but is not a valid date (30 February, FY
        # 2023-25) still claims its span, so no fragment of it is read.
        candidates.append((start, end, (convert(match, ref), kind)))
    return tuple(
        DateMatch(start, end, text[start:end], iso, kind)
        for start, end, (iso, kind) in _leftmost_longest(candidates)
        if iso is not None
    )


def _quantity_spans(text: str) -> list[_Span]:
    """Where quantities and amounts of money are written: their numbers are no years."""
    return [
        match.span()
        for pattern in (_QUANTITY, _MONEY_PREFIXED, _MONEY_SUFFIXED)
        for match in pattern.finditer(text)
    ]


def _after_page_marker(text: str, start: int) -> bool:
    return bool(_PAGE_MARKER.search(text[max(0, start - _PAGE_MARKER_CHARS) : start]))


def _parse_reference(reference: str | None) -> _Reference | None:
    """``"2025-02-05"`` → ``(2025, 2, 5)``; ``"2025"`` → ``(2025, None, None)``."""
    match = _REFERENCE.match(reference) if reference else None
    if match is None:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _month(name: str) -> int:
    return _MONTH_NUMBERS[name[:3].lower()]


def _day_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # a date that does not exist, such as 30 February
        return None


def _full_date(match: re.Match[str], ref: _Reference | None) -> str | None:
    month = match["month"]
    month_number = int(month) if month.isdigit() else _month(month)  # "12" in 2025-12-04
    return _day_iso(int(match["year"]), month_number, int(match["day"]))


def _day_range(match: re.Match[str], ref: _Reference | None) -> str | None:
    """``4-5 December 2025`` → ``2025-12-04/2025-12-05``."""
    year, month = int(match["year"]), _month(match["month"])
    first, last = _day_iso(year, month, int(match["day"])), _day_iso(year, month, int(match["day2"]))
    return f"{first}/{last}" if first and last and first < last else None


def _month_year(match: re.Match[str], ref: _Reference | None) -> str | None:
    return f"{int(match['year']):04d}-{_month(match['month']):02d}"


def _day_month(match: re.Match[str], ref: _Reference | None) -> str | None:
    """The nearest such day not after the reference; none without a reference."""
    if ref is None:
        return None
    month, day = _month(match["month"]), int(match["day"])
    ref_year, ref_month, ref_day = ref
    year = ref_year
    if ref_month is not None and (month, day) > (ref_month, ref_day or 31):
        year -= 1
    for candidate in range(year, year - 8, -1):  # 29 February: back to a leap year
        if iso := _day_iso(candidate, month, day):
            return iso
    return None


def _year(match: re.Match[str], ref: _Reference | None) -> str | None:
    return match["year"]


def _two_digit_year(text: str) -> int:
    """``"24"`` → 2024, ``"98"`` → 1998."""
    value = int(text)
    return value + (2000 if value < 50 else 1900)


def _range_end(start: int, end_text: str) -> int | None:
    """The end year of a range, from four digits or the last two; ``None`` if not after start."""
    end = int(end_text.lstrip("'’"))
    if len(end_text.lstrip("'’")) == 2:
        end += start - start % 100
        if end <= start and start % 100 >= 90:  # 1999-00
            end += 100
    return end if start < end <= start + 200 else None


def _year_range(match: re.Match[str], ref: _Reference | None) -> str | None:
    start = int(match["y1"])
    end = _range_end(start, match["y2"])
    return f"{start}/{end}" if end else None


def _decade(match: re.Match[str], ref: _Reference | None) -> str | None:
    start = int(match["decade"])
    return f"{start}/{start + 9}"


def _fiscal_year(match: re.Match[str], ref: _Reference | None) -> str | None:
    """April to March; a single-year label names the end year unless marked Japanese."""
    first = match["y1"]
    start = int(first) if len(first) == 4 else _two_digit_year(first)
    if match["y2"]:
        if _range_end(start, match["y2"]) != start + 1:
            return None
    elif not (match["japanese"] or match["label"].upper() == "JFY"):
        start -= 1
    return f"{start}-04/{start + 1}-03"


_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter(match: re.Match[str], ref: _Reference | None) -> str | None:
    """Calendar quarters; ``Q1 FY25`` is a quarter of the Indian fiscal year 2024-25."""
    parts = match.groupdict()
    quarter = int(parts["q"]) if parts.get("q") else _ORDINAL_QUARTERS[parts["ordinal"].lower()]
    year_text = parts["year"].lstrip("'’")
    year = int(year_text) if len(year_text) == 4 else _two_digit_year(year_text)
    first_month = 3 * quarter - 2
    if parts["fiscal"]:
        year, first_month = (year - 1, first_month + 3) if quarter < 4 else (year, 1)
    return f"{year}-{first_month:02d}/{year}-{first_month + 2:02d}"


def _relative(match: re.Match[str], ref: _Reference | None) -> str | None:
    if ref is None:
        return None
    offset = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[
        match["which"].lower()
    ]
    ref_year, ref_month, _ = ref
    if match["unit"] == "year":
        return str(ref_year + offset)
    if ref_month is None:
        return None
    year, month_index = divmod(ref_year * 12 + ref_month - 1 + offset, 12)
    return f"{year:04d}-{month_index + 1:02d}"


# One pattern per way of writing a date, each with an example.
# 2025-12-04
_ISO_DAY = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_MONTH_DAY_YEAR = re.compile(rf"\b{_M}\s*{_D}(?:,\s*|\.\s+|\s+){_Y}")  # Dec. 4, 2025; December 9. 2025
_DAY_MONTH_YEAR = re.compile(rf"\b{_D}(?:(?:\s+of)?\s+|-){_M}(?:,?\s+|-){_Y}")  # 4th of December, 2025
_DAYS_MONTH_YEAR = re.compile(rf"\b{_D}\s*[-–]\s*{_D2}\s+{_M},?\s+{_Y}")  # 4-5 December 2025
_MONTH_DAYS_YEAR = re.compile(rf"\b{_M}\s*{_D}\s*[-–]\s*{_D2},?\s+{_Y}")  # March 3-4, 2025
_MONTH_YEAR = re.compile(rf"\b{_M},?\s+{_Y}")  # December, 2019
_MONTH_DAY = re.compile(rf"\b{_M}\s*{_D}")  # February 4
_DAY_MONTH = re.compile(rf"\b{_D}(?:\s+of)?\s+{_M}")  # 4 February
_QUARTER = re.compile(  # Q1 2024, Q1 FY25
    r"\bQ(?P<q>[1-4])\s*(?:(?P<fiscal>FY)\s*)?(?P<year>\d{4}|['’]?\d{2})(?!\d)"
)
_ORDINAL_QUARTER = re.compile(  # the first quarter of 2024
    r"\b(?P<ordinal>(?i:first|second|third|fourth|1st|2nd|3rd|4th))\s+quarter\s+"
    r"(?:of\s+)?(?:(?P<fiscal>FY|fiscal(?:\s+year)?)\s*)?(?P<year>\d{4})(?!\d)"
)
_FISCAL_YEAR = re.compile(  # FY 2023-24, FY24, Japanese fiscal year 2024
    r"(?P<japanese>\bJapan(?:ese|['’]s)?\s+)?"
    r"(?P<label>\bJFY|\bFY|\bF\.Y\.|\b[Ff]iscal(?:\s+[Yy]ear)?|\b[Ff]inancial\s+[Yy]ear)\s*['’]?"
    r"(?P<y1>\d{4}|\d{2})(?:\s*[-–/]\s*(?P<y2>['’]?\d{4}|['’]?\d{2}))?(?!\d)"
)
_BETWEEN_YEARS = re.compile(  # between 2000 and 2011
    rf"\b(?:[Bb]etween|[Ff]rom)\s+(?:the\s+years?\s+)?{_Y1}\s+"
    rf"(?:and|to|till|until|through|[-–])\s+{_Y2}(?!\d)"
)
_YEAR_DASH_YEAR = re.compile(  # 2000–2011, 2023-24
    rf"(?<![\d.,/-])(?P<y1>{_BARE_YEAR})\s*[-–—]\s*(?P<y2>\d{{4}}|\d{{2}})(?![\d%-]|[.,]\d)"
)
_DECADE = re.compile(  # the late 1950s
    r"\b(?:[Tt]he\s+)?(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s]+)?(?P<decade>1[89]\d0|20\d0)['’]?s\b"
)
_YEAR = re.compile(rf"(?<![\d.,/$₹¥€£A-Za-z])(?P<year>{_BARE_YEAR}){_NOT_DIGIT_TAIL}")  # 1968
_RELATIVE = re.compile(  # last year, next month
    r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious|[Cc]urrent|[Cc]oming)\s+(?P<unit>year|month)\b"
)

# The order does not matter: overlaps are settled by position, then length.
_DATE_PATTERNS = [
    ("day", _ISO_DAY, _full_date),
    ("day", _MONTH_DAY_YEAR, _full_date),
    ("day", _DAY_MONTH_YEAR, _full_date),
    ("range", _DAYS_MONTH_YEAR, _day_range),
    ("range", _MONTH_DAYS_YEAR, _day_range),
    ("month", _MONTH_YEAR, _month_year),
    ("day", _MONTH_DAY, _day_month),
    ("day", _DAY_MONTH, _day_month),
    ("quarter", _QUARTER, _quarter),
    ("quarter", _ORDINAL_QUARTER, _quarter),
    ("fiscal_year", _FISCAL_YEAR, _fiscal_year),
    ("range", _BETWEEN_YEARS, _year_range),
    ("range", _YEAR_DASH_YEAR, _year_range),
    ("decade", _DECADE, _decade),
    ("year", _YEAR, _year),
    ("relative", _RELATIVE, _relative),
]
# Each form is only run over a text holding its literal words (a month name, "FY",
# "quarter", ...; see loaders.extract.regex_literals): most texts hold few dates.
_DATE_FORMS = [(kind, GatedPattern(pattern), convert) for kind, pattern, convert in _DATE_PATTERNS]
# Seven forms hold a month name as a whole word (_M, after \b, a space or a dash).
# The literal gate cannot tell "Mar" from "Market", so one search for a month word
# stands in for seven runs.
_MONTH_WORD = re.compile(rf"\b{_M}")
_NEEDS_MONTH_WORD = [_M in pattern.pattern for _, pattern, _ in _DATE_PATTERNS]
# Without a digit in the text, only words can make a date.
_WORD_ONLY_DATE_FORMS = [("relative", GatedPattern(_RELATIVE), _relative)]


# ---------------------------------------------------------------- modality

def _cue_pattern(cues: list[str], extra: str = "") -> re.Pattern[str]:
    """One case-insensitive pattern for whole-word cues (each a regex fragment).

    The shared leading ``\\b`` lets the engine skip positions inside words.
    """
    return re.compile(rf"\b(?:{'|'.join(cues)})\b{extra}", re.I)


_NEGATION_CUES = [
    # "not only ... but also", "not limited to", "not least" assert rather than deny
    r"(?<!whether or )not(?!\s+(?:only|just|merely|limited|least|to\s+mention|unlike)\b)",
    r"cannot", r"never", r"neither", r"no\s+longer",
    r"no\s+(?:plans?|intention|agreement|deal|investment|decision)",
    r"den(?:y|ies|ied|ying)", r"call(?:s|ed|ing)?\s+off", r"scrap(?:s|ped|ping)?",
    r"withdr(?:ew|awn|aws?|awing)\s+from", r"pull(?:s|ed|ing)?\s+out", r"fail(?:s|ed|ing)?\s+to",
    r"cancel(?:s|led|ed|ling|ing)?", r"shelved", r"abandon(?:s|ed|ing)?", r"rejected",
]  # fmt: skip
_HEDGE_CUES = [
    # "political will" and "the will to" are nouns; "goodwill" is one word
    r"(?<!political )(?<!the )will(?!\s+(?:of|to)\b)",
    r"would", r"could", r"might", r"shall", r"(?-i:may)",  # "May" is a month
    r"set\s+to", r"(?:is|are|was|were|due|about|yet)\s+to\s+be",
    r"to\s+be\s+(?:signed|held|built|set\s+up|launched|established|completed|finali[sz]ed"
    r"|inaugurated|commissioned|implemented|developed|constructed|announced)",
    r"expect(?:s|ed|ing)?", r"plan(?:s|ning)?\s+(?:to|for|not)", r"planned",
    r"aim(?:s|ed|ing)?\s+(?:to|at)", r"intend(?:s|ed|ing)?\s+to", r"intention\s+to",
    r"propos(?:e|es|ed|ing|al)", r"under\s+(?:discussion|consideration|negotiation)",
    r"likely", r"poised\s+to", r"upcoming", r"forthcoming",
    r"schedul(?:e|es|ed)(?!\s+(?:castes?|tribes?|commercial|banks?)\b)",  # Indian legal terms
    r"going\s+to", r"seek(?:s|ing)?\s+to", r"hop(?:e|es|ed|ing)\s+to", r"envisag(?:e|es|ed|ing)",
    r"prospective", r"considering",
]  # fmt: skip
# Contractions ("didn't", "won't") end a word rather than start one.
_NEGATION = _cue_pattern(_NEGATION_CUES, extra=r"|\Bn['’]t\b")
_HEDGE = _cue_pattern(_HEDGE_CUES)
# Where a clause ends: hard punctuation always; a comma when it opens a
# relative or subordinate clause (", which ...", ", although ...") or closes one.
_SUBORDINATOR = r"(?:which|who|whom|whose|where|when|while|whereas|although|though|but|because|however)\b"
_CLAUSE_BREAK = re.compile(
    r"(?P<hard>[;:()\[\]—]|\s[–-]\s)"
    rf"|(?P<opening>,\s*(?={_SUBORDINATOR})|(?:^|\s)(?=(?i:{_SUBORDINATOR})))"
    r"|(?P<comma>,)"
)
_SUBORDINATE_START = re.compile(rf"[,\s]*(?i:{_SUBORDINATOR})")


def modality(sentence: str, start: int | None = None, end: int | None = None) -> Modality:
    """Whether ``sentence`` states a fact, reports a plan, or denies it.

    With ``start``/``end`` (character offsets of a trigger, or of the span from
    a relation's subject to its object) only the clause around that span is
    read, so a hedge in a relative clause about something else does not leak.
    A negation outweighs a hedge (``will not sign`` is negated).

    >>> modality("JFE acquired a 50% stake in the company.")
    'stated'
    >>> modality("The firm announced plans to invest in Odisha.")
    'planned'
    >>> modality("The agreement has not yet been signed.")
    'negated'
    >>> modality("It was not only a deal but also a partnership.")
    'stated'
    >>> s = "Tata Steel, which will expand next year, signed the deal."
    >>> modality(s), modality(s, s.index("signed"), s.index("signed") + 6)
    ('planned', 'stated')
    """
    scope = sentence if start is None and end is None else _clause_text(sentence, start, end)
    return _modality_of(scope)


# The relations of one clause mostly share their scope (40% of the calls repeat
# the one before), and the cue patterns are long alternations: the last few are kept.
@lru_cache(maxsize=16)
def _modality_of(scope: str) -> Modality:
    if _NEGATION.search(scope):
        return "negated"
    if _HEDGE.search(scope):
        return "planned"
    return "stated"


def _clause_text(sentence: str, start: int | None, end: int | None) -> str:
    """The clause or clauses covering ``[start, end)``, without embedded relative clauses."""
    start = end if start is None else start
    end = start if end is None else end
    kept = [
        sentence[seg_start:seg_end]
        for seg_start, seg_end in _clause_segments(sentence)
        if (seg_start < end and start < seg_end) or seg_start <= start < seg_end
        if not _is_embedded(sentence, seg_start, seg_end, start, end)
    ]
    return " ".join(kept)


def _is_embedded(sentence: str, seg_start: int, seg_end: int, start: int, end: int) -> bool:
    """A subordinate clause lying strictly inside the span, not holding either end."""
    inside = start < seg_start and seg_end < end
    return inside and bool(_SUBORDINATE_START.match(sentence, seg_start))


# Modality is asked for every relation of a clause, so the same clause is split
# again and again (40% of the calls): the last few splits are kept.
@lru_cache(maxsize=16)
def _clause_segments(sentence: str) -> tuple[_Span, ...]:
    """Split points: hard punctuation; a comma or word opening a subordinate clause; the comma closing it.

    >>> s = "X, which will grow, signed; Y agreed."
    >>> [s[a:b] for a, b in _clause_segments(s)]
    ['X', ', which will grow', ', signed', ';', ' Y agreed.']
    """
    segments, segment_start, in_subordinate = [], 0, False
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match["comma"] and not in_subordinate:
            continue
        segments.append((segment_start, match.start()))
        if match["hard"]:
            segments.append(match.span())
            segment_start = match.end()
        else:
            segment_start = match.start()
        in_subordinate = match["opening"] is not None
    segments.append((segment_start, len(sentence)))
    return tuple((a, b) for a, b in segments if a < b)
