"""Tests for loaders.documents and loaders.metadata.

Every text here is written for the test (the places, people and papers are
made up); expected values are worked out by hand from these texts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from loaders import (
    LOADERS,
    LoadError,
    iter_documents,
    loader_for,
    parse_html,
    parse_markdown,
    parse_text,
    read_document,
)
from loaders.documents import DEFAULT_MAX_BYTES, decode_text
from loaders.metadata import find_author, find_date, find_publisher, find_title, parse_date

DATA = Path(__file__).parent.parent / "data" / "documents"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------- the loader table

# One small sample per loader, with the title a reader sees in it.
SAMPLES = {
    parse_text: ("Tea Auction Prices Rise\n\nBids rose at the morning auction.\n", "Tea Auction Prices Rise"),
    parse_markdown: ("# Tea Auction Prices Rise\n\nBids *rose* at the morning auction.\n", "Tea Auction Prices Rise"),
    parse_html: ("<h1>Tea Auction Prices Rise</h1><p>Bids rose at the morning auction.</p>", "Tea Auction Prices Rise"),
}


@pytest.mark.parametrize("suffix", sorted(LOADERS))
def test_every_loader_reads_a_sample_file(tmp_path, suffix):
    parse = LOADERS[suffix]
    assert parse in SAMPLES, f"add a sample for {parse.__name__}"
    content, title = SAMPLES[parse]
    path = write(tmp_path, f"sample{suffix}", content)

    document = read_document(path)

    assert loader_for(path) is parse
    assert document.title == title
    assert "Bids rose at the morning auction." in document.text
    assert document.id == f"sample{suffix}"
    assert document.source == str(path)


def test_loader_for_ignores_the_case_of_the_suffix():
    assert loader_for("A/REPORT.HTM") is parse_html
    assert loader_for("notes.Markdown") is parse_markdown


def test_loader_for_rejects_an_unknown_suffix():
    with pytest.raises(LoadError) as caught:
        loader_for("slides.pptx")
    assert str(caught.value).startswith("slides.pptx: unsupported file type '.pptx'")


def test_load_error_is_one_readable_line():
    error = LoadError(Path("in/a.txt"), "file is empty")
    assert str(error) == "in/a.txt: file is empty"
    assert error.path == Path("in/a.txt")
    assert error.reason == "file is empty"


# ---------------------------------------------------------------- plain text


def test_plain_text_file_gives_clean_text_and_metadata():
    document = read_document(DATA / "ferry_dateline.txt")

    assert document.text == (
        "Regional\n\n"
        "Ferry Service Expands to Three Island Villages\n\n"
        "Coast Desk, Port Blair, March 3, 2024: A new ferry now stops at three island villages twice a week.\n\n"
        "The service began in May 2019 with one boat."
    )
    assert document.title == "Ferry Service Expands to Three Island Villages"
    assert document.date == "2024-03-03"
    assert document.author == "Coast Desk"
    assert document.publisher is None
    assert document.encoding == "utf-8"


def test_plain_text_drops_chrome_lines_and_folds_blank_lines():
    text = "top of page\n\nSkip to main content\nHill Road Reopens  \n\n\n\nBuses run again.\nBack to top\n"
    parsed = parse_text(text, "x.txt")
    assert parsed.text == "Hill Road Reopens\n\nBuses run again."


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["top of page", "", "Ferry Service Expands Inland", "", "Boats left at six."], "Ferry Service Expands Inland"),
        (["Business", "", "New Terminal Opens Near Chennai", "Cranes arrived last week."], "New Terminal Opens Near Chennai"),
        (["Solar Exports", "Contents", "Solar Exports", "Background"], "Solar Exports"),
        (["Rice shipments doubled this year.", "Traders were surprised."], "Rice shipments doubled this year"),
        (["By Meera Iyer", "Kiln Workers Form a Union", "The vote was close."], "Kiln Workers Form a Union"),
        (["Jute Prices", " ".join(["Mills paid more for raw jute this season than last"] * 4)], "Jute Prices"),
    ],
    ids=["after-chrome", "after-category-label", "short-title-kept", "trailing-period-dropped", "after-byline",
         "short-title-before-a-paragraph"],  # fmt: skip
)
def test_title_is_the_first_substantial_line(lines, title):
    assert find_title(lines) == title


def test_a_paragraph_first_line_is_not_a_title():
    paragraph = " ".join(["The committee met on a wet morning and talked for hours about roads"] * 3)
    assert find_title([paragraph, "More text."]) is None


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Chennai, March 3, 2024: The port opened a new berth.", "2024-03-03"),
        ("Kochi. April 7. 2023", "2023-04-07"),
        ("NEW DELHI, JULY 21, 2022 - Ministers met.", "2022-07-21"),
        ("Published on August 16, 2025", "2025-08-16"),
        ("Updated: 12 Jan 2024", "2024-01-12"),
        ("Posted on 1st May 2021", "2021-05-01"),
        ("Date: 2022-11-30", "2022-11-30"),
        ("Published: October 2020", "2020-10"),
        ("Wednesday, 9 October 2019", "2019-10-09"),
        ("By Meera Iyer | Published: Sept. 5, 2018", "2018-09-05"),
    ],
)
def test_stated_dates_are_read_at_their_precision(line, date):
    assert find_date(["Some Headline Here", line, "Body text follows."]) == date


def test_dates_inside_running_prose_are_not_publication_dates():
    lines = ["Canal Widening Plan", "The canal was first dug in March 1881 and widened on June 2, 1950."]
    assert find_date(lines) is None


def test_published_label_wins_over_updated_label():
    assert find_date(["Updated: 2 Feb 2024", "Published: 30 Jan 2024"]) == "2024-01-30"


def test_a_date_that_does_not_exist_is_not_read():
    assert parse_date("February 30, 2024") is None
    assert parse_date("2024-13-01") is None


# ---------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (["Headline Goes Here", "By Meera Iyer", "Text."], "Meera Iyer"),
        (["By Meera Iyer and Tomoko Sato | 3 May 2024"], "Meera Iyer and Tomoko Sato"),
        (["BY R. K. Varma, Staff Writer"], "R. K. Varma"),
        (["Author: Tomoko Sato", "Text."], "Tomoko Sato"),
        (["Written by Farah Khan"], "Farah Khan"),
        (["PTI Bureau, Pune, June 2, 2024: The mill restarted."], "PTI Bureau"),
        (["Text.", "About the Author", "", "Arjun Mehta is a port engineer based in Goa."], "Arjun Mehta"),
        (["About the author:", "Dr. Sunita Rao has written on trade for years."], "Sunita Rao"),
        (["Text.", "The author is Director, Coastal Studies Centre"], "Director, Coastal Studies Centre"),
        (["The author is Neha Kapoor, a fellow at a policy institute."], "Neha Kapoor"),
        (["The writer is a retired diplomat. He lives in Pune."], "retired diplomat"),
    ],
)
def test_stated_authors_are_read(lines, author):
    assert find_author(lines) == author


@pytest.mark.parametrize(
    "lines",
    [
        ["By 2030, exports will double."],
        ["By March 2025 the line will open."],
        ["By contrast, imports fell."],
        ["About the Author", "", "This column appears weekly."],
        ["Ministers met in Pune. The talks went well."],
    ],
)
def test_lines_that_only_look_like_bylines_give_no_author(lines):
    assert find_author(lines) is None


# ---------------------------------------------------------------- publishers


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("© 2021 by River Post. All rights reserved.", "River Post"),
        ("© Delta Times 2024", "Delta Times"),
        ("Copyright © 2019-2024 Lotus Media | Privacy Policy", "Lotus Media"),
        ("Copyright 2022, Hill Gazette", "Hill Gazette"),
        ("(c) 2020 Monsoon Review", "Monsoon Review"),
    ],
)
def test_publisher_comes_from_the_copyright_line(line, publisher):
    assert find_publisher(["Body text.", line]) == publisher


def test_copyright_in_prose_is_not_a_publisher():
    assert find_publisher(["Copyright law protects the designs of looms."]) is None


# ---------------------------------------------------------------- encodings and line endings


def test_cp1252_bytes_are_decoded_and_reported(tmp_path):
    # 0x93/0x94 are curly double quotes and 0x80 the euro sign in Windows-1252.
    path = write(tmp_path, "quote.txt", b"Price Note\n\nThe clerk said \x93ten \x80\x94 no more\x94.\n")
    document = read_document(path)
    assert document.encoding == "cp1252"
    assert document.text == "Price Note\n\nThe clerk said \u201cten \u20ac\u201d no more\u201d."


def test_latin1_bytes_are_decoded_and_reported(tmp_path):
    path = write(tmp_path, "cafe.txt", "Caf\u00e9 Opens\n\nThe ni\u00f1o ordered cr\u00e8me.\n".encode("latin-1"))
    document = read_document(path)
    assert document.encoding == "latin-1"
    assert document.text == "Caf\u00e9 Opens\n\nThe ni\u00f1o ordered cr\u00e8me."


def test_utf8_with_a_byte_order_mark(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfRiver Note\n\nThe river rose \xe2\x80\x94 fast.\n")
    document = read_document(path)
    assert document.encoding == "utf-8-sig"
    assert document.text == "River Note\n\nThe river rose \u2014 fast."


def test_windows_and_old_mac_line_endings_become_newlines(tmp_path):
    path = write(tmp_path, "endings.txt", b"Line Note\r\n\r\nFirst line.\rSecond line.\r\n")
    assert read_document(path).text == "Line Note\n\nFirst line.\nSecond line."


def test_content_hash_is_the_sha256_of_the_file_bytes(tmp_path):
    data = b"Hash Note\n\nSome text.\n"
    path = write(tmp_path, "hash.txt", data)
    assert read_document(path).content_hash == hashlib.sha256(data).hexdigest()


def test_doc_id_defaults_to_the_file_name(tmp_path):
    path = write(tmp_path, "sub/idnote.txt", "Id Note\n\nText.\n")
    assert read_document(path).id == "idnote.txt"
    assert read_document(path, doc_id="sub/idnote.txt").id == "sub/idnote.txt"


def test_decode_text_reports_bytes_that_no_encoding_accepts():
    with pytest.raises(LoadError) as caught:
        decode_text(b"abc \x93 \x81 def", "odd.txt")
    assert "odd.txt" in str(caught.value)
    assert "undecodable" in str(caught.value)


# ---------------------------------------------------------------- bad inputs


def assert_load_error(path: Path, words: str, **kwargs) -> None:
    with pytest.raises(LoadError) as caught:
        read_document(path, **kwargs)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert words in message, message
    assert "\n" not in message


def test_missing_file(tmp_path):
    assert_load_error(tmp_path / "nowhere.txt", "does not exist")


def test_a_folder_is_not_a_document(tmp_path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    assert_load_error(folder, "not a regular file")


def test_unknown_suffix(tmp_path):
    assert_load_error(write(tmp_path, "table.csv", "a,b\n1,2\n"), "unsupported file type '.csv'")


def test_no_suffix(tmp_path):
    assert_load_error(write(tmp_path, "README", "Read me.\n"), "unsupported file type with no suffix")


def test_empty_file(tmp_path):
    assert_load_error(write(tmp_path, "empty.txt", b""), "file is empty")


def test_white_space_only_file(tmp_path):
    assert_load_error(write(tmp_path, "blank.md", " \n\t\r\n  \n"), "only white space")


def test_binary_file_with_nul_bytes(tmp_path):
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_load_error(path, "binary file (contains NUL bytes)")


def test_binary_file_of_control_characters(tmp_path):
    assert_load_error(write(tmp_path, "blob.txt", b"ab\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10cd"), "binary file")


def test_a_20_mb_file_is_over_the_default_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20_000_000)  # a sparse file: the size check needs no reading
    assert 20_000_000 > DEFAULT_MAX_BYTES
    assert_load_error(path, "over the limit of 10,485,760")


def test_the_size_limit_can_be_set_by_argument_and_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "medium.txt", "Size Note\n\n" + "word " * 40)
    assert_load_error(path, "over the limit of 100", max_bytes=100)
    monkeypatch.setenv("IJKG_MAX_BYTES", "50")
    assert_load_error(path, "over the limit of 50")
    monkeypatch.setenv("IJKG_MAX_BYTES", "100000")
    assert read_document(path).title == "Size Note"


def test_html_with_no_main_text(tmp_path):
    page = "<html><head><script>var a = 1;</script></head><body><nav>Home</nav><script>go()</script></body></html>"
    assert_load_error(write(tmp_path, "script.html", page), "HTML has no main text")


def test_undecodable_text(tmp_path):
    assert_load_error(write(tmp_path, "mixed.txt", b"Odd \x93bytes\x94 \x8f here\n"), "undecodable text")


# ---------------------------------------------------------------- HTML


def test_html_keeps_the_article_and_drops_chrome():
    document = read_document(DATA / "harbour.html")

    assert document.text == (
        "Ferry Link Opens\n\n"
        "Staff report\n\n"
        "The first ferry left the northern port at dawn. It carried forty passengers.\n\n"
        "Tickets cost less than the bus fare\nand sell out quickly.\n\n"
        "A second boat arrives in July\n\n"
        "A third boat arrives in August\n\n"
        "Route one\nRoute two\n\n"
        "Monday\nTwo sailings\n\n"
        "We waited ten years for this.\n\n"
        "Shareholders of the operator approved the plan."
    )
    for chrome in ["SCRIPT TEXT", "STYLE TEXT", "NAV HOME", "COOKIE", "OUTSIDE ARTICLE", "SHARE ON SOCIAL",
                   "NOSCRIPT", "NEWSLETTER FORM", "ASIDE", "FOOTER", "Skip to content"]:  # fmt: skip
        assert chrome not in document.text


def test_html_metadata_from_meta_tags():
    document = read_document(DATA / "harbour.html")
    assert document.title == "Ferry Link Opens Between Two Ports"
    assert document.date == "2024-06-04"
    assert document.author == "Leela Nair"
    assert document.publisher == "Coastline Courier"


def test_html_metadata_from_the_page_itself():
    page = """<html><head><title>Bridge Repairs End - Delta Times</title></head><body>
    <header><h1>Delta Times</h1></header>
    <article><p>Work on the <a rel="author" href="/p/ravi">Ravi Menon</a> bridge report.</p>
    <time datetime="2023-09-14">14 September</time><p>The bridge reopened on Monday.</p></article>
    <footer>© 2023 Delta Times</footer></body></html>"""
    meta = parse_html(page, "p.html").meta
    assert meta.title == "Bridge Repairs End"  # the <title> without "- Delta Times": no <h1> in the article
    assert meta.date == "2023-09-14"
    assert meta.author == "Ravi Menon"
    assert meta.publisher == "Delta Times"


def test_html_author_from_a_byline_and_title_from_the_article_heading():
    page = """<html><head><title>Site | Whatever</title>
    <meta property="article:author" content="https://example.org/people/anon"></head>
    <body><main><h1>Mill Restarts</h1><p>By Farah Khan</p>
    <p>Kochi, 4 June 2024: The mill restarted.</p></main></body></html>"""
    meta = parse_html(page, "m.html").meta
    assert meta.title == "Mill Restarts"
    assert meta.author == "Farah Khan"  # the article:author URL is not a name
    assert meta.date == "2024-06-04"
    assert meta.publisher is None


def test_html_block_elements_do_not_run_together():
    page = "<body><div>First part</div><div>second part</div><p>Third<br>fourth</p><h2>Fifth</h2>sixth</body>"
    assert parse_html(page, "b.html").text == "First part\n\nsecond part\n\nThird\nfourth\n\nFifth\n\nsixth"


def test_html_prefers_the_longest_article():
    page = """<body><p>Intro outside.</p><article><p>Short teaser.</p></article>
    <article><p>The full story of the new canal, told at length here.</p></article></body>"""
    assert parse_html(page, "a.html").text == "The full story of the new canal, told at length here."


def test_html_drops_elements_marked_as_chrome_by_role_class_or_id():
    page = """<body><main>
    <div role="navigation">Role nav</div><div id="main-nav">Id nav</div>
    <div class="gdpr-consent">Consent box</div><div class="social-links">Social box</div>
    <div class="page-footer">Class footer</div><div class="navy-blue">Navy story text.</div>
    <p>Kept paragraph.</p></main></body>"""
    assert parse_html(page, "c.html").text == "Navy story text.\n\nKept paragraph."


# ---------------------------------------------------------------- markdown


def test_markdown_front_matter_and_stripped_syntax():
    document = read_document(DATA / "monsoon.md")

    assert document.title == "Monsoon Arrives Early: Farmers Plan Sowing"
    assert document.date == "2023-06-12"
    assert document.author == "Devika Menon"
    assert document.publisher == "Valley Journal"
    assert document.text == (
        "Monsoon Arrives Early\n\n"
        "The rains reached the southern coast a week ahead of schedule.\n\n"
        "What farmers said\n\n"
        "Sowing starts next week.\n"
        "Seed stocks are adequate.\n"
        "Water tanks are full.\n\n"
        "Officials expect a weak normal season.\n\n"
        "District Rainfall\n"
        "Idukki 120 mm\n\n"
        "# raw reading log\n\n"
        "Use the rainfall tool for details."
    )


def test_markdown_title_from_the_first_heading_and_metadata_from_the_text():
    text = "```\n# not a title\n```\n\n## Section\n\n# Dam Gates Opened\n\nBy Anil Das\n\n© 2022 Lake Herald\n"
    meta = parse_markdown(text, "d.md").meta
    assert meta.title == "Dam Gates Opened"
    assert meta.author == "Anil Das"
    assert meta.publisher == "Lake Herald"
    assert meta.date is None


def test_markdown_keeps_underscores_and_lone_asterisks_inside_words_and_sums():
    assert parse_markdown("Use file_name_here and 2 * 3 = 6.\n", "u.md").text == "Use file_name_here and 2 * 3 = 6."


# ---------------------------------------------------------------- iter_documents


def test_iter_documents_gives_relative_ids_sorted_and_skips_hidden(tmp_path):
    folder = tmp_path / "in"
    for name in ["b.txt", "a/z.md", "a/c.html", "notes.pdf", ".hidden.txt", ".git/config.txt", "a/.cache/x.txt"]:
        write(folder, name, "Text.\n")
    single = write(tmp_path, "lone.txt", "Text.\n")

    found = list(iter_documents([folder, str(single), tmp_path / "missing.md"]))

    assert [doc_id for _, doc_id in found] == ["a/c.html", "a/z.md", "b.txt", "notes.pdf", "lone.txt", "missing.md"]
    assert found[0][0] == folder / "a" / "c.html"
    assert found[4][0] == single


def test_iterated_problems_surface_as_load_errors(tmp_path):
    folder = tmp_path / "in"
    write(folder, "good.txt", "Good Note\n\nFine text.\n")
    write(folder, "slides.pptx", b"PK\x03\x04")
    outcomes = {}
    for path, doc_id in iter_documents([folder, tmp_path / "gone.txt"]):
        try:
            outcomes[doc_id] = read_document(path, doc_id).title
        except LoadError as error:
            outcomes[doc_id] = error.reason
    assert outcomes["good.txt"] == "Good Note"
    assert outcomes["slides.pptx"].startswith("unsupported file type '.pptx'")
    assert outcomes["gone.txt"] == "does not exist"
