"""Synthetic news about India–Japan cooperation, for benchmarks.

Each article (~500 words) mixes names from the bundled registry with invented
ones (``Hoshino Precision Ltd``, ``Ravi Menon, Joint Secretary, …``) so that
discovery is exercised too, and states the relations the extractor reads:
joint ventures, stakes with amounts and shares, JICA loans, MoUs signed by
people, meetings co-chaired, held at places and on dates, positions, supplies
and exports, some of them hedged ("is expected to", "plans to"). Sentence
templates, names, numbers and dates are drawn per article, and background
paragraphs are built from word pools, so the text is not repetitive enough to
flatter spaCy's tokenizer cache.

Article ``i`` depends only on ``(seed, i)``: a corpus of 100 is the first 100
articles of a corpus of 10,000. Files are ``.txt``, ``.md`` and ``.html``.

    python bench/corpus.py --docs 1000 --seed 7 -o /tmp/corpus

>>> a, b = generate_article(7, 3), generate_article(7, 3)
>>> a.text == b.text and a.name == b.name
True
"""

from __future__ import annotations

import argparse
import csv
import html
import random
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["ANY", "CLAIMED_PREDICATES", "Article", "Fact", "generate_article", "write_corpus"]

REGISTRY_FOLDER = Path(__file__).resolve().parents[1] / "loaders" / "data" / "registry"

# The relation types every corpus of a few dozen articles states (the test checks them).
CLAIMED_PREDICATES = (
    "partnerOf", "ownedBy", "investsIn", "acquires", "funds", "partyTo", "signedBy",
    "chairs", "organizes", "locatedIn", "memberOf", "supplies", "participatesIn",
)  # fmt: skip

# ---------------------------------------------------------------- word pools

_JP_STEMS = (
    "Hoshino Kawaguchi Tanabe Aoyama Midorikawa Sakuragi Fujimori Nakagawa Morioka Kitamura "
    "Shirakawa Iwasaki Hirano Uchida Kaneko Sugimoto Nishida Arakawa Tsukuda Okamura Yamane "
    "Kurosawa Ebisawa Takamatsu Minamoto Asahina Kuwabara Hanazono Ishizuka Sekiguchi"
).split()
_IN_STEMS = (
    "Shakti Vardhan Narmada Kaveri Sahyadri Deccan Aravali Godavari Vindhya Konark Ajanta "
    "Trishul Nilgiri Sarovar Tapti Chambal Satpura Kalinga Mahanadi Pragati Utkarsh Navya "
    "Unnati Saptagiri Shivalik Krishnagiri Tungabhadra Sindhu Vaigai Kosi"
).split()
_SECTORS = (
    "Precision Electronics Chemicals Components Semiconductors Robotics Polymers Batteries "
    "Optics Textiles Logistics Engineering Ceramics Machinery Pharma Solar Cables Forgings "
    "Castings Composites Instruments Fasteners Bearings Coatings Microsystems Hydraulics"
).split()
_JP_FORMS = ("Ltd", "Corporation", "Co., Ltd.", "K.K.", "Holdings", "Industries")
_IN_FORMS = ("Pvt Ltd", "Limited", "Industries", "Ltd", "Technologies")
_JP_GIVEN = (
    "Kenji Haruto Yuki Aiko Takeshi Naoko Hiroshi Emi Satoshi Mariko Daisuke Keiko Ryo Tomoko "
    "Shinji Ayumi Kazuo Megumi Makoto Sayaka Noriko Tatsuya Fumiko Kenta"
).split()
_JP_FAMILY = (
    "Sato Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada "
    "Sasaki Matsumoto Inoue Kimura Shimizu Hayashi Saito Mori Ikeda Hashimoto Ogawa Okada Endo"
).split()
_IN_GIVEN = (
    "Rajiv Anita Priya Vikram Sunita Arjun Kavita Rohan Meera Sanjay Deepa Amit Lakshmi Nikhil "
    "Rekha Suresh Pooja Manoj Geeta Karan Farah Tenzin Harpreet Joseph"
).split()
_IN_FAMILY = (
    "Mehta Rao Iyer Sharma Menon Kulkarni Banerjee Reddy Nair Joshi Chopra Deshpande Pillai "
    "Bhatt Sinha Ghosh Verma Naidu Saxena Kapoor D'Souza Qureshi Gill Bora"
).split()
_OFFICIAL_TITLES = (
    "Joint Secretary", "Additional Secretary", "Director General", "Deputy Director General",
    "Director", "Commissioner", "Secretary",
)  # fmt: skip
_COMPANY_TITLES = ("Managing Director", "Chief Executive Officer", "Chairman", "Executive Director", "President")
_GOODS = (
    "traction motors", "lithium-ion cells", "power semiconductors", "bogies", "signalling equipment",
    "specialty steel", "polymer films", "industrial robots", "hydrogen electrolysers", "optical fibre",
    "solar wafers", "air-conditioning compressors", "machine tools", "medical imaging systems",
    "rare-earth magnets", "tunnel boring machines", "ceramic capacitors", "engine castings",
)  # fmt: skip
_TOPICS = (
    "Semiconductor", "Clean Energy", "Digital", "Skills", "Port", "Textile", "Steel", "Startup",
    "Green Hydrogen", "Logistics", "Healthcare", "Space", "Critical Minerals", "Urban Transport",
)  # fmt: skip
_INVENTED_AGENCY_HEADS = (
    "Industrial Development Agency", "Investment Promotion Agency", "Department of Industries",
    "Maritime Development Agency", "Urban Transport Department", "Skill Development Agency",
)  # fmt: skip
_MONTHS = (
    "January February March April May June July August September October November December"
).split()

# Background sentences: each slot is filled from its own pool per sentence.
_ADJECTIVES = (
    "resilient diversified ambitious incremental long-delayed capital-intensive export-oriented "
    "labour-intensive energy-efficient low-carbon high-value strategic cost-competitive modular "
    "vertically-integrated regional nascent fragmented"
).split()
_NOUNS = (
    "supply chains", "manufacturing clusters", "logistics corridors", "vendor networks",
    "testing facilities", "research partnerships", "procurement rules", "tariff schedules",
    "credit lines", "training programmes", "land acquisition", "port capacity",
    "component ecosystems", "power tariffs", "freight costs", "design centres",
    "quality standards", "wage structures", "warehousing", "rail sidings",
)  # fmt: skip
_ANALYST_VERBS = (
    "argued", "noted", "cautioned", "observed", "pointed out", "suggested", "estimated", "warned",
)
_OUTCOMES = (
    "could shorten lead times by several weeks",
    "may lift local value addition above {pct} percent",
    "would need clearer rules on technology transfer",
    "depends heavily on stable power and water supply",
    "has already attracted {n} smaller suppliers",
    "is likely to be reviewed again in {year}",
    "might cut import bills by about {pct} percent",
    "remains sensitive to swings in the yen",
    "will test the capacity of state regulators",
    "could create roughly {n},000 jobs over five years",
)  # fmt: skip
_OPENERS = (
    "Industry observers", "Trade economists", "Officials familiar with the talks", "Plant managers",
    "Several suppliers", "Bankers in Mumbai", "Executives in Osaka", "Local chambers of commerce",
    "Policy researchers", "Union representatives", "Consultants advising investors",
)  # fmt: skip
_CONNECTIVES = ("Meanwhile,", "At the same time,", "Separately,", "In recent months,", "Still,", "Even so,", "")


# ---------------------------------------------------------------- data types


ANY = "*"


@dataclass(frozen=True)
class Fact:
    """A relation an article states: names as written, the predicate the extractor should read.

    ``ANY`` stands for an entity the text describes without a name (``the MoU``, ``the meeting``).
    """

    subject: str
    predicate: str
    object: str


@dataclass
class Article:
    """One generated article: file name, file contents, and the facts it states."""

    name: str
    text: str
    title: str
    facts: list[Fact] = field(default_factory=list)


# ---------------------------------------------------------------- names


@lru_cache(maxsize=4)
def registry_descriptions(folder: Path = REGISTRY_FOLDER) -> list[tuple[str, str]]:
    """(name, description) of every registry entry that has a description: background prose."""
    pairs = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            pairs += [(row["name"], row["description"]) for row in csv.DictReader(handle) if row["description"]]
    return pairs


@lru_cache(maxsize=4)
def registry_names(folder: Path = REGISTRY_FOLDER) -> dict[str, list[str]]:
    """Canonical registry names by ``type:country`` (``Company:JP``, ``Place:IN``…).

    >>> "Japan International Cooperation Agency" in registry_names()["GovernmentBody:JP"]
    True
    """
    names: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names[f"{row['type']}:{row['country'] or '-'}"].append(row["name"])
    return dict(names)


class Names:
    """Draws names for one article: registry ones and invented ones, half and half."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.registry = registry_names()

    def _registry(self, key: str) -> str:
        return self.rng.choice(self.registry[key])

    def company(self, country: str) -> str:
        if self.rng.random() < 0.5:
            return self._registry(f"Company:{country}")
        stems, forms = (_JP_STEMS, _JP_FORMS) if country == "JP" else (_IN_STEMS, _IN_FORMS)
        return f"{self.rng.choice(stems)} {self.rng.choice(_SECTORS)} {self.rng.choice(forms)}"

    def agency(self, country: str) -> str:
        if country == "IN" and self.rng.random() < 0.4:
            return f"{self.place('IN')} {self.rng.choice(_INVENTED_AGENCY_HEADS)}"
        return self._registry(f"GovernmentBody:{country}")

    def person(self, country: str) -> str:
        if self.rng.random() < 0.3:
            return self._registry(f"Person:{country}")
        given, family = (_JP_GIVEN, _JP_FAMILY) if country == "JP" else (_IN_GIVEN, _IN_FAMILY)
        return f"{self.rng.choice(given)} {self.rng.choice(family)}"

    def place(self, country: str) -> str:
        return self._registry(f"Place:{country}")

    def project(self) -> str:
        if self.rng.random() < 0.5:
            return self._registry("Project:IN")
        city = self.place("IN")
        kind = self.rng.choice(("Metro Rail Project", "Water Supply Project", "Ring Road Project", "Port Project"))
        return f"{city} {kind}"


# ---------------------------------------------------------------- sentences


def _lower_first(phrase: str) -> str:
    """``Bankers in Mumbai`` → ``bankers in Mumbai`` (names inside keep their capitals)."""
    return phrase[0].lower() + phrase[1:]


class Writer:
    """Writes one article's paragraphs; each method returns a paragraph and records its facts."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = Names(rng)
        self.facts: list[Fact] = []
        self.year = rng.randint(2016, 2025)

    def pick(self, *options):
        return self.rng.choice(options)

    def state(self, subject: str, predicate: str, obj: str) -> None:
        self.facts.append(Fact(subject, predicate, obj))

    # -- small pieces

    def date(self) -> str:
        """A day in one of several written forms."""
        day, month = self.rng.randint(1, 28), self.rng.randint(1, 12)
        name = _MONTHS[month - 1]
        return self.pick(
            f"{day} {name} {self.year}", f"{name} {day}, {self.year}", f"{name[:3]}. {day}, {self.year}",
            f"{day}th of {name}, {self.year}" if day not in (1, 2, 3, 21, 22, 23) else f"{day} {name} {self.year}",
        )

    def month(self) -> str:
        return self.pick(f"{self.rng.choice(_MONTHS)} {self.year}", f"FY{self.year}-{(self.year + 1) % 100:02d}")

    def money(self) -> str:
        """An amount in rupees, yen or dollars, written the ways news writes them."""
        n = self.rng.randint(2, 95) * self.pick(1, 10, 25)
        return self.pick(
            f"₹{n:,} crore", f"Rs {n:,} crore", f"INR {n} billion", f"¥{n} billion", f"JPY {n} billion",
            f"{n} billion yen", f"${n} million", f"USD {n} million",
        )

    def share(self) -> str:
        pct = self.rng.randint(5, 74)
        return self.pick(f"{pct}%", f"{pct} percent", f"{pct} per cent")

    def hedge(self, verb: str) -> str:
        """``will sign`` or a hedged form of it."""
        return self.pick(f"will {verb}", f"is expected to {verb}", f"plans to {verb}", f"has agreed to {verb}")

    def filler(self, sentences: int) -> str:
        """Background sentences built from word pools: varied vocabulary, no relations."""
        shapes = (self._analyst_sentence, self._trend_sentence, self._history_sentence, self._profile_sentence)
        return " ".join(self.rng.choice(shapes)() for _ in range(sentences))

    def _outcome(self) -> str:
        return self.rng.choice(_OUTCOMES).format(
            pct=self.rng.randint(12, 60), n=self.rng.randint(3, 90), year=self.year + self.rng.randint(1, 4)
        )

    def _analyst_sentence(self) -> str:
        connective, subject = self.rng.choice(_CONNECTIVES), self.rng.choice(_OPENERS)
        if connective:  # "Meanwhile, industry observers …"
            subject = _lower_first(subject)
        return (
            f"{connective} {subject} {self.rng.choice(_ANALYST_VERBS)} that "
            f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)} {self._outcome()}.".strip()
        )

    def _trend_sentence(self) -> str:
        change = self.pick("rose", "fell", "climbed", "slipped", "grew")
        return (
            f"Demand for {self.rng.choice(_GOODS)} {change} {self.rng.randint(3, 48)} percent in "
            f"{self.year - self.rng.randint(0, 3)}, {self.pick('although', 'while', 'as')} "
            f"{self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)} {self._outcome()}."
        )

    def _profile_sentence(self) -> str:
        name, description = self.rng.choice(registry_descriptions())
        return f"{self.pick('For context,', 'As background,', 'Readers may recall that')} {name} is {description}."

    def _history_sentence(self) -> str:
        return (
            f"The push for {self.rng.choice(_ADJECTIVES)} {self.rng.choice(_NOUNS)} began around "
            f"{self.year - self.rng.randint(3, 12)}, when {self.rng.randint(4, 60)} firms "
            f"{self.pick('lobbied for', 'asked about', 'invested in', 'complained about')} "
            f"{self.rng.choice(_NOUNS)}; {_lower_first(self.rng.choice(_OPENERS))} say it {self._outcome()}."
        )

    # -- relation paragraphs

    def joint_venture(self) -> str:
        a, b = self.names.company("JP"), self.names.company("IN")
        jv = f"{a.split()[0]} {b.split()[0]} {self.pick('Mobility', 'Systems', 'Energy', 'Components')} {self.pick('Pvt Ltd', 'Limited')}"
        goods = self.rng.choice(_GOODS)
        self.state(a, "partnerOf", b)
        self.state(jv, "ownedBy", a)
        if self.rng.random() < 0.5:
            self.state(a, "investsIn", jv)
            return (
                f"{a} and {b} today announced a joint venture to make {goods}. {a} will hold a "
                f"{self.share()} stake in the venture, named {jv}, with an initial investment of {self.money()}. "
                + self.filler(1)
            )
        return (
            f"The {a} and {b} joint venture, known as {jv}, opened in {self.month()}. "
            f"It will make {goods} for buyers in {self.names.place('IN')}. " + self.filler(1)
        )

    def stake(self) -> str:
        a, b = self.names.company("JP"), self.names.company("IN")
        if self.rng.random() < 0.5:
            self.state(a, "investsIn", b)
            verb = self.pick("take", "buy")
            return f"{a} {self.hedge(verb)} a {self.share()} stake in {b} for {self.money()}. " + self.filler(1)
        self.state(a, "acquires", b)
        return f"{a} has agreed to acquire {b} for {self.money()}, a deal announced on {self.date()}. " + self.filler(1)

    def loan(self) -> str:
        project = self.names.project()
        lender = self.pick("JICA", "Japan International Cooperation Agency", "JBIC")
        canonical = "Japan Bank for International Cooperation" if lender == "JBIC" else "Japan International Cooperation Agency"
        self.state(canonical, "funds", project)
        if self.rng.random() < 0.5:
            return f"{lender} will provide a {self.money()} loan for the {project}. " + self.filler(1)
        state = self.names.place("IN")
        return (
            f"{lender} signed a loan agreement with the Government of {state} for {self.money()} "
            f"for the {project} on {self.date()}. " + self.filler(1)
        )

    def mou(self) -> str:
        a = self.pick(self.names.agency("JP"), self.names.company("JP"))
        b = self.pick(self.names.agency("IN"), self.names.company("IN"))
        p1, p2 = self.names.person("JP"), self.names.person("IN")
        t1, t2 = self.rng.choice(_OFFICIAL_TITLES), self.rng.choice(_OFFICIAL_TITLES)
        self.state(p1, "memberOf", a)
        self.state(p2, "memberOf", b)
        self.state(a, "partnerOf", b)
        self.state(a, "partyTo", ANY)
        if self.rng.random() < 0.5:
            self.state(ANY, "signedBy", p1)
            return (
                f"{a} and {b} signed an MoU on {self.date()}. The MoU was signed by {p1}, {t1}, {a}, "
                f"and {p2}, {t2}, {b}. " + self.filler(1)
            )
        return (
            f"An MoU was signed between {a} and {b} on {self.date()}. {p2}, {t2}, {b}, said the "
            f"agreement {self.pick('is expected to', 'plans to', 'will')} cover {self.rng.choice(_GOODS)}. " + self.filler(1)
        )

    def meeting(self) -> str:
        topic = self.rng.choice(_TOPICS)
        nth = self.rng.randint(2, 15)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(nth if nth < 20 else nth % 10, "th")
        event = f"{nth}{suffix} India-Japan {topic} Dialogue"
        city = self.names.place("IN")
        org_a, org_b = self.names.agency("IN"), self.names.agency("JP")
        p1, p2 = self.names.person("IN"), self.names.person("JP")
        self.state(event, "locatedIn", city)
        self.state(org_a, "organizes", event)
        self.state(p1, "chairs", event)
        self.state(p1, "memberOf", org_a)
        return (
            f"The {event} was held on {self.date()} in {city}. It was organised by {org_a} and {org_b}. "
            f"The dialogue was co-chaired by {p1}, {self.rng.choice(_OFFICIAL_TITLES)}, {org_a}, and {p2}, "
            f"{self.rng.choice(_OFFICIAL_TITLES)}, {org_b}. " + self.filler(1)
        )

    def visit(self) -> str:
        p1, p2 = self.names.person("IN"), self.names.person("JP")
        city = self.names.place(self.pick("IN", "JP"))
        company = self.names.company("JP")
        boss = self.names.person("JP")
        self.state(boss, "memberOf", company)
        self.state(p1, "participatesIn", ANY)
        return (
            f"Union Minister {p1} met Japan's Vice-Minister {p2} in {city} on {self.date()}. "
            f"{boss}, {self.rng.choice(_COMPANY_TITLES)} of {company}, {self.pick('also attended', 'joined the talks')}. "
            + self.filler(1)
        )

    def position(self) -> str:
        person, agency = self.names.person("IN"), self.names.agency("IN")
        title = self.rng.choice(_OFFICIAL_TITLES)
        self.state(person, "memberOf", agency)
        return (
            f"\"{self.pick('We are', 'The government is', 'Our teams are')} {self.pick('watching', 'reviewing', 'supporting')} "
            f"{self.rng.choice(_NOUNS)} closely,\" said {person}, {title}, {agency}. " + self.filler(1)
        )

    def supply(self) -> str:
        a, b = self.names.company("JP"), self.names.company("IN")
        goods = self.rng.choice(_GOODS)
        self.state(a, "supplies", b)
        if self.rng.random() < 0.5:
            city = self.names.place("JP")
            self.state(a, "locatedIn", city)
            return f"{a}, a {city}-based maker, is supplying {goods} to {b}. " + self.filler(1)
        return f"{a} {self.hedge('supply')} {goods} to {b} from {self.month()}. " + self.filler(1)

    def invest_place(self) -> str:
        company, state = self.names.company("JP"), self.names.place("IN")
        self.state(company, "investsIn", state)
        return (
            f"In {self.year}, {company} announced an investment of {self.money()} in {state}. "
            f"The company {self.pick('plans to', 'is expected to')} add a second line later. " + self.filler(1)
        )


_RELATION_PARAGRAPHS = (
    Writer.joint_venture, Writer.stake, Writer.loan, Writer.mou, Writer.meeting,
    Writer.visit, Writer.position, Writer.supply, Writer.invest_place,
)  # fmt: skip
_HEADLINE_VERBS = ("deepen", "widen", "test", "reshape", "revive", "lift", "anchor", "steady")


def _body(writer: Writer, target_words: int = 500) -> list[str]:
    """Paragraphs until about ``target_words``: relation paragraphs between background ones."""
    paragraphs: list[str] = []
    words = 0
    kinds = list(_RELATION_PARAGRAPHS)
    writer.rng.shuffle(kinds)
    while words < target_words:
        if writer.rng.random() < 0.8:
            paragraph = kinds[len(paragraphs) % len(kinds)](writer)
        else:
            paragraph = writer.filler(writer.rng.randint(2, 4))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return paragraphs


def _title(writer: Writer) -> str:
    topic = writer.rng.choice(_TOPICS)
    return f"{topic} deals {writer.rng.choice(_HEADLINE_VERBS)} India-Japan ties in {writer.year}"


def _render(kind: str, title: str, author: str, date: str, paragraphs: list[str]) -> str:
    if kind == "md":
        return f"---\ntitle: {title}\nauthor: {author}\ndate: {date}\n---\n\n# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    if kind == "html":
        body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
        return (
            f'<!doctype html>\n<html><head><title>{html.escape(title)}</title>\n'
            f'<meta name="author" content="{html.escape(author)}">\n'
            f'<meta property="article:published_time" content="{date}">\n</head>\n'
            f"<body><nav>Home | World | Business</nav>\n<article><h1>{html.escape(title)}</h1>\n{body}\n</article>\n"
            f"<footer>Subscribe to our newsletter</footer></body></html>\n"
        )
    return f"{title}\n\nBy {author}\n\n{date}\n\n" + "\n\n".join(paragraphs) + "\n"


def generate_article(seed: int, index: int) -> Article:
    """Article ``index`` of the corpus drawn with ``seed``; it depends on nothing else."""
    rng = random.Random(f"ijkg-bench:{seed}:{index}")
    writer = Writer(rng)
    paragraphs = _body(writer)
    title = _title(writer)
    author = writer.names.person(writer.pick("IN", "JP"))
    date = f"{writer.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choices(("txt", "md", "html"), weights=(6, 2, 2))[0]
    name = f"art{index:05d}.{kind}"
    return Article(name, _render(kind, title, author, date, paragraphs), title, writer.facts)


def write_corpus(docs: int, seed: int, out: str | Path) -> list[Path]:
    """Write articles ``0 … docs-1`` into ``out``; returns their paths."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(docs):
        article = generate_article(seed, index)
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--out", required=True, help="folder to write the articles into")
    args = parser.parse_args(argv)
    paths = write_corpus(args.docs, args.seed, args.out)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words:,} words, into {args.out}")


if __name__ == "__main__":
    main()
