"""Tests for loaders.extract.qualifiers.

Every sentence here is written for the test (the firms, places and figures are
made up); each expected value is worked out by hand from the sentence.
"""

from __future__ import annotations

import dataclasses
import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.extract import qualifiers
from loaders.extract.qualifiers import (
    DateMatch,
    Money,
    MoneyMatch,
    ShareMatch,
    find_dates,
    find_money,
    find_shares,
    modality,
    parse_date,
    parse_money,
)

# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # years
        ("1968", "1968"),
        ("in 1968", "1968"),
        ("mid-2031", "2031"),
        # month and year
        ("December 2019", "2019-12"),
        ("Dec 2019", "2019-12"),
        ("December, 2019", "2019-12"),
        ("SEPTEMBER 2021", "2021-09"),
        ("Sept. 2021", "2021-09"),
        # full dates in every common order
        ("4 December 2025", "2025-12-04"),
        ("December 4, 2025", "2025-12-04"),
        ("Dec. 4, 2025", "2025-12-04"),
        ("4th December 2025", "2025-12-04"),
        ("the 21st of March, 2022", "2022-03-21"),
        ("2025-12-04", "2025-12-04"),
        ("December 9. 2025", "2025-12-09"),
        ("Tuesday, March 3, 2026", "2026-03-03"),
        ("1-Jan-2024", "2024-01-01"),
        # fiscal years, April to March
        ("FY 2023-24", "2023-04/2024-03"),
        ("FY2023-24", "2023-04/2024-03"),
        ("FY 2023–2024", "2023-04/2024-03"),
        ("FY24", "2023-04/2024-03"),
        ("FY 2017-18", "2017-04/2018-03"),
        ("fiscal year 2019-20", "2019-04/2020-03"),
        ("financial year 2021-22", "2021-04/2022-03"),
        ("Japanese fiscal year 2024", "2024-04/2025-03"),
        ("JFY2019", "2019-04/2020-03"),
        # quarters
        ("Q1 2024", "2024-01/2024-03"),
        ("Q3 2023", "2023-07/2023-09"),
        ("the second quarter of 2022", "2022-04/2022-06"),
        ("Q1 FY25", "2024-04/2024-06"),
        ("Q4 FY25", "2025-01/2025-03"),
        # ranges and decades
        ("4-5 December 2025", "2025-12-04/2025-12-05"),
        ("March 3–4, 2026", "2026-03-03/2026-03-04"),
        ("2000-2011", "2000/2011"),
        ("2000–2011", "2000/2011"),
        ("between 2000 and 2011", "2000/2011"),
        ("from 1991 to 1995", "1991/1995"),
        ("2023-24", "2023/2024"),
        ("the 1990s", "1990/1999"),
        ("1950s", "1950/1959"),
        ("the late 1970s", "1970/1979"),
    ],
)
def test_parse_date_gives_iso_at_the_stated_precision(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "reference", "iso"),
    [
        ("February 4", "2025-02-05", "2025-02-04"),
        ("4 February", "2025-02-05", "2025-02-04"),
        ("February 5", "2025-02-05", "2025-02-05"),  # the reference day itself
        ("December 30", "2025-02-05", "2024-12-30"),  # not after the reference
        ("February 29", "2025-03-01", "2024-02-29"),  # back to a leap year
        ("last year", "2025-02-05", "2024"),
        ("this year", "2025-02-05", "2025"),
        ("next year", "2025-02-05", "2026"),
        ("last month", "2025-01-10", "2024-12"),
        ("next month", "2025-12-10", "2026-01"),
    ],
)
def test_parse_date_resolves_against_the_reference(text, reference, iso):
    assert parse_date(text, reference=reference) == iso


def test_parse_date_reads_may_as_a_month_only_when_capitalised():
    assert parse_date("in May 2025") == "2025-05"
    assert parse_date("they may 2025") == "2025"


@pytest.mark.parametrize("text", ["February 4", "last year", "next month"])
def test_parse_date_without_reference_skips_what_needs_one(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "04/12/2025",  # day-first or month-first: ambiguous
        "1005.1 million tonnes",
        "10 million tons",
        "2,000",
        "2030 MW",
        "500 GW",
        "Phase 4",
        "G20",
        "see p. 2019",
        "pages 1998",
        "Rs 2024 crore",
        "February 30, 2025",  # no such day
        "2025-13-01",  # no such month
        "FY 2023-25",  # a fiscal year is one year long
        "2011-2003",  # a range must run forwards
        "5-4 December 2025",
        "1750",  # bare years start at 1800
        "the 1990s and the 2000s",  # two expressions: not one date
    ],
)
def test_parse_date_rejects_what_is_not_one_date(text):
    assert parse_date(text) is None


# ---------------------------------------------------------------- find_dates


def test_find_dates_gives_every_date_with_offsets():
    text = "The plant opened in 1987, was expanded in March 2016 and sold on 4 May 2024."
    matches = find_dates(text)
    assert [(m.text, m.iso, m.kind) for m in matches] == [
        ("1987", "1987", "year"),
        ("March 2016", "2016-03", "month"),
        ("4 May 2024", "2024-05-04", "day"),
    ]
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert matches[0].start == 20


def test_find_dates_prefers_the_longest_at_the_same_place():
    text = "Talks ran from 2001 to 2004 and resumed in FY 2019-20."
    assert [(m.text, m.iso) for m in find_dates(text)] == [
        ("from 2001 to 2004", "2001/2004"),
        ("FY 2019-20", "2019-04/2020-03"),
    ]


def test_find_dates_ignores_numbers_that_are_quantities_or_money():
    text = "Output was 1005.1 million tonnes, 2,000 tons more; the 2030 MW unit cost ₹2024 crore."
    assert find_dates(text) == []


def test_find_dates_keeps_years_next_to_money():
    text = "In 2021 the bank lent JPY 40 billion, and in 2022\nJPY 12 billion."
    assert [m.iso for m in find_dates(text)] == ["2021", "2022"]


def test_find_dates_reads_two_decades():
    text = "Trade grew in the 1950s and 1960s."
    assert [(m.text, m.iso) for m in find_dates(text)] == [
        ("the 1950s", "1950/1959"),
        ("1960s", "1960/1969"),
    ]


def test_find_dates_without_digits_finds_only_relative_dates():
    text = "Last year the two sides met twice."
    assert find_dates(text) == []
    matches = find_dates(text, reference="2026-06-30")
    assert [(m.start, m.end, m.iso, m.kind) for m in matches] == [(0, 9, "2025", "relative")]


def test_date_match_is_frozen():
    match = find_dates("in 1968")[0]
    assert isinstance(match, DateMatch)
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.iso = "1969"


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("₹500 crore", 5_000_000_000, "INR"),
        ("₹15,750 crore", 157_500_000_000, "INR"),
        ("Rs. 87,000 crore", 870_000_000_000, "INR"),
        ("Rs 600 billion", 600_000_000_000, "INR"),
        ("Rs. 1.08 lakh crore", 1_080_000_000_000, "INR"),
        ("INR 2,000 crore", 20_000_000_000, "INR"),
        ("Rs 12 lakh", 1_200_000, "INR"),
        ("₹1,08,000 crore", 1_080_000_000_000, "INR"),  # Indian digit grouping
        ("350 crore rupees", 3_500_000_000, "INR"),
        ("a 700-crore-rupee plant", 7_000_000_000, "INR"),
        ("10 trillion-yen", 10_000_000_000_000, "JPY"),
        ("10 trillion yen", 10_000_000_000_000, "JPY"),
        ("JPY 232.209 billion", 232_209_000_000, "JPY"),
        ("¥50 billion", 50_000_000_000, "JPY"),
        ("3,600 billion yen", 3_600_000_000_000, "JPY"),
        ("USD 4.76 billion", 4_760_000_000, "USD"),
        ("USD 1,652.26 million", 1_652_260_000, "USD"),
        ("$337 million", 337_000_000, "USD"),
        ("US$ 1.5 bn", 1_500_000_000, "USD"),
        ("US$2.5m", 2_500_000, "USD"),
        ("$8 Billion", 8_000_000_000, "USD"),
        ("45 million US dollars", 45_000_000, "USD"),
        ("9 billion dollars", 9_000_000_000, "USD"),
        ("€20 million", 20_000_000, "EUR"),
        ("$12.5", 12.5, "USD"),
        ("Rs.450 crore", 4_500_000_000, "INR"),
        ("₹ 75 cr", 750_000_000, "INR"),
        ("INR 3.5 Lakh Crores", 3_500_000_000_000, "INR"),
    ],
)
def test_parse_money_reads_amount_and_currency(text, amount, currency):
    assert parse_money(text) == Money(amount, currency)


def test_money_amounts_are_exact_whole_numbers():
    money = parse_money("USD 1,652.26 million")
    assert isinstance(money.amount, int)  # no float rounding such as 1652260000.0000002


@pytest.mark.parametrize(
    "text",
    [
        "49%",
        "26 per cent",
        "2,000",
        "500 GW",
        "10 million tons",
        "500 crore",  # no currency stated
        "multi-billion-rupee projects",
        "billion-dollar deals",
        "A$5 million",  # Australian dollars are not USD
        "₹5 crore and ₹6 crore",  # two amounts: not one
    ],
)
def test_parse_money_rejects_what_is_not_one_amount(text):
    assert parse_money(text) is None


def test_find_money_reads_an_amount_and_its_conversion():
    text = "Tokyo promised 10 trillion-yen (USD 68 billion) over ten years."
    matches = find_money(text)
    assert [(m.text, m.amount, m.currency) for m in matches] == [
        ("10 trillion-yen", 10_000_000_000_000, "JPY"),
        ("USD 68 billion", 68_000_000_000, "USD"),
    ]
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert matches[1].start == text.index("USD")


def test_find_money_does_not_join_a_year_to_the_next_code():
    text = "It lent in 2024 JPY 90 billion."
    assert [(m.text, m.amount) for m in find_money(text)] == [("JPY 90 billion", 90_000_000_000)]


def test_money_match_gives_money():
    match = find_money("a ₹500 crore plant")[0]
    assert isinstance(match, MoneyMatch)
    assert match.money == Money(5_000_000_000, "INR")


# ---------------------------------------------------------------- shares


@pytest.mark.parametrize(
    ("text", "matched", "share", "context"),
    [
        ("Nippon Foo will take a 50% stake in the unit.", "50%", 0.5, "stake"),
        ("It bought a 49.98% share of the venture.", "49.98%", 0.4998, "share"),
        ("The bank holds 26 per cent in the firm.", "26 per cent", 0.26, "stake"),
        ("A stake of 26% went to Bar Corp.", "26%", 0.26, "stake"),
        ("The lender gave 85% financing for the line.", "85%", 0.85, "financing"),
        ("The agency funds 81% of the project cost.", "81%", 0.81, "cost"),
        ("The loan carries 0.1% interest.", "0.1%", 0.001, "interest"),
        ("It has an interest rate of 0.2% a year.", "0.2%", 0.002, "interest"),
        ("Foo acquired a 30% interest in Bar.", "30%", 0.3, "stake"),
        ("Foo has a 40% market share in scooters.", "40%", 0.4, "market_share"),
        ("Exports grew 12% last year.", "12%", 0.12, "change"),
        ("About 94% of goods pass duty-free.", "94%", 0.94, "other"),
        ("Some 7 percent of the land is forest.", "7 percent", 0.07, "other"),
    ],
)
def test_find_shares_reads_fraction_and_context(text, matched, share, context):
    (match,) = find_shares(text)
    assert (match.text, match.share, match.context) == (matched, share, context)
    assert text[match.start : match.end] == matched


def test_find_shares_names_the_cue_word():
    (match,) = find_shares("The partner will own a 51% equity holding.")
    assert (match.context, match.cue) == ("stake", "equity")
    (match,) = find_shares("Nearly 60% of firms agree.")
    assert (match.context, match.cue) == ("other", None)


def test_find_shares_does_not_look_past_the_clause():
    (match,) = find_shares("Output rose to 70%, and the stake was sold.")
    assert match.context == "change"  # "rose" before it; "stake" is after the comma


@pytest.mark.parametrize(
    "text",
    ["Phase 4 of the line", "the G20 summit", "5 percentage points", "a 150% jump", "500 GW", "page 12"],
)
def test_find_shares_ignores_what_is_not_a_percentage_up_to_100(text):
    assert find_shares(text) == []


def test_find_shares_finds_each_percentage():
    text = "Foo owns 60% and Bar owns 40%."
    matches = find_shares(text)
    assert [(m.share, m.start) for m in matches] == [(0.6, 9), (0.4, 26)]
    assert all(isinstance(m, ShareMatch) for m in matches)


# ---------------------------------------------------------------- modality


@pytest.mark.parametrize(
    "sentence",
    [
        "Foo Motors is set to open a plant in Pune.",
        "Foo is set to unveil its new line.",
        "The bank is expected to sign the loan.",
        "Foo plans to invest in a mill.",
        "Foo announced plans to invest in a mill.",
        "The planned corridor will link two ports.",
        "Foo will build the terminal.",
        "Such a deal would help both sides.",
        "Foo aims to double output.",
        "A proposed rail link joins the cities.",
        "A port deal is under discussion.",
        "Bar is likely to join the venture.",
        "The pact is to be signed in May.",
        "Foo could supply the turbines.",
        "Foo may supply the turbines.",
        "Bar intends to list the unit.",
        "Foo is poised to enter the market.",
        "The upcoming summit will be held in Osaka.",
        "The visit is scheduled for June.",
    ],
)
def test_modality_planned(sentence):
    assert modality(sentence) == "planned"


@pytest.mark.parametrize(
    "sentence",
    [
        "Foo did not sign the pact.",
        "Foo is no longer a partner of Bar.",
        "The two sides never agreed on a price.",
        "The pact has not yet been signed.",
        "Bar denied that it would buy Foo.",
        "The merger was called off in 2019.",
        "The plan was scrapped after the election.",
        "Foo withdrew from the consortium.",
        "Bar failed to close the deal.",
        "Foo has no plans to enter India.",
        "Foo won't renew the contract.",
        "Foo will not sign the pact.",  # negation outweighs the hedge
    ],
)
def test_modality_negated(sentence):
    assert modality(sentence) == "negated"


@pytest.mark.parametrize(
    "sentence",
    [
        "Foo signed a pact with Bar in May 2024.",
        "Foo acquired a 50% stake in Bar.",
        "It was not only a loan but also a grant.",
        "The ties are not limited to trade.",
        "Political will drove the pact that Foo signed.",
        "The firm showed goodwill and signed.",
        "Foo signed the pact, whether or not Bar agreed.",
        "The bank lends to Scheduled Castes in Bihar.",
    ],
)
def test_modality_stated(sentence):
    assert modality(sentence) == "stated"


def _span(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.index(word)
    return start, start + len(word)


def test_modality_clause_ignores_a_hedge_in_a_relative_clause():
    sentence = "Foo, which will expand next year, signed a pact with Bar."
    assert modality(sentence) == "planned"
    assert modality(sentence, *_span(sentence, "signed")) == "stated"
    assert modality(sentence, *_span(sentence, "expand")) == "planned"


def test_modality_clause_span_from_subject_to_object_skips_embedded_clause():
    sentence = "Foo, which will expand next year, signed a pact with Bar."
    assert modality(sentence, 0, sentence.index("Bar") + 3) == "stated"


def test_modality_clause_after_a_trailing_relative_clause():
    sentence = "Foo signed a pact with Bar, which will build a plant in Kobe."
    assert modality(sentence, *_span(sentence, "signed")) == "stated"
    assert modality(sentence, *_span(sentence, "build")) == "planned"


def test_modality_clause_ignores_a_negation_in_a_subordinate_clause():
    sentence = "Although the port deal has not been signed, Foo invested in Bar."
    assert modality(sentence, *_span(sentence, "invested")) == "stated"
    assert modality(sentence, *_span(sentence, "signed")) == "negated"


def test_modality_clause_stops_at_a_semicolon():
    sentence = "Foo signed the pact; Bar will follow."
    assert modality(sentence, *_span(sentence, "signed")) == "stated"
    assert modality(sentence, *_span(sentence, "follow")) == "planned"


def test_modality_clause_keeps_a_modal_over_listed_verbs():
    sentence = "Foo will build, own and operate the plant."
    assert modality(sentence, *_span(sentence, "operate")) == "planned"


def test_modality_clause_with_only_a_start():
    sentence = "Foo signed the pact, but Bar may leave."
    assert modality(sentence, start=sentence.index("signed")) == "stated"
    assert modality(sentence, start=sentence.index("leave")) == "planned"


# ---------------------------------------------------------------- docstrings


def test_docstring_examples_hold():
    result = doctest.testmod(qualifiers)
    assert result.attempted > 10
    assert result.failed == 0


# ---------------------------------------------------------------- any text

_FRAGMENTS = st.sampled_from(
    [" ", ", ", ". ", "in ", "the ", "May ", "4 ", "2025", "FY", "24", "-", "–", "%", "per cent ",
     "₹", "Rs. ", "USD ", "$", "1,652.26 ", "crore ", "lakh ", "billion", "-yen ", "stake ", "which ",
     "will ", "not ", "December ", "1990s ", "Q1 ", "between ", "and ", "२०२४", "٣"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_FRAGMENTS, max_size=12).map("".join), st.text(max_size=60)))
def test_every_match_points_at_its_text(text):
    for match in [*find_dates(text, "2025-02-05"), *find_money(text), *find_shares(text)]:
        assert text[match.start : match.end] == match.text
    assert all(m.amount >= 0 for m in find_money(text))
    assert all(0 <= m.share <= 1 for m in find_shares(text))
    assert modality(text) in {"stated", "planned", "negated"}
    assert modality(text, 0, len(text)) in {"stated", "planned", "negated"}
