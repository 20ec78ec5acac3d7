"""Resolution: one entity per real-world thing within a document.

The ``ijkg_resolution`` component groups the mentions in ``doc.ents`` and fills
``doc._.entities`` (key → :class:`schema.models.Entity`), setting ``kb_id_`` on
every mention. Two mentions are one entity when

- they are the same registry entry, or their names fold to the same form
  (``TATA Steel`` = ``Tata Steel``; a person's words in any order);
- one is an alias of the other (``BPSL`` written in parentheses after
  ``Bhushan Power & Steel Limited``);
- one is a short form of the other: company-form words left out
  (``Aichi Steel`` / ``Aichi Steel Corporation``), a person's name with fewer
  words (``Scindia``, ``Jyotiraditya Scindia`` / ``Jyotiraditya M. Scindia``);
- they are spelt nearly alike (similarity ≥ 0.85), have the same type and carry
  the same numbers (``Phase 2`` is never ``Phase 4``).

The canonical name is the registry name if any, else the fullest written form.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from loaders.extract.extensions import MentionInfo, doc_text, mention_info, span_text
from loaders.extract.lexicon import lexicon
from schema.models import Entity, Mention, entity_key, normalize_name

__all__ = ["Cluster", "cluster_mentions", "is_short_form", "numbers_of", "resolve", "similar"]

SIMILARITY = 0.85


@dataclass
class Cluster:
    """Mentions of one entity, with what the components learnt about them."""

    spans: list[Span] = field(default_factory=list)
    infos: list[MentionInfo] = field(default_factory=list)

    @property
    def registry(self) -> MentionInfo | None:
        return next((i for i in self.infos if i.origin == "registry"), None)

    @property
    def type(self) -> str:
        if self.registry:
            return self.registry.type
        types = [i.type for i in self.infos]
        if len(set(types)) == 1:
            return types[0]  # the usual case, without counting
        return Counter(types).most_common(1)[0][0]

    @property
    def name(self) -> str:
        """The registry name, else the fullest form that is not an abbreviation."""
        if self.registry:
            return self.registry.name
        forms = [i.name for i in self.infos]
        full = [f for f in forms if not _is_acronym(f)] or forms
        return max(full, key=lambda f: (len(normalize_name(f).split()), -_capitals_words(f), len(f)))

    @property
    def forms(self) -> set[str]:
        """Every name, alias and written form, folded."""
        names = {normalize_name(i.name) for i in self.infos}
        names |= {normalize_name(a) for i in self.infos for a in i.aliases}
        names |= {normalize_name(span_text(s)) for s in self.spans}
        return {n for n in names if n}

    @property
    def country(self) -> str | None:
        if self.registry and self.registry.country:
            return self.registry.country
        counts = Counter(i.country for i in self.infos if i.country)
        return counts.most_common(1)[0][0] if counts else None

    def absorb(self, other: Cluster) -> None:
        self.spans += other.spans
        self.infos += other.infos


@lru_cache(maxsize=1 << 14)  # asked again whenever a cluster grows
def numbers_of(name: str) -> tuple[str, ...]:
    """The numbers a name carries, ordinals and roman numerals included.

    >>> numbers_of("3rd Steel Dialogue"), numbers_of("Plant Phase II"), numbers_of("Metro")
    (('3',), ('II',), ())
    """
    found = re.findall(r"\d+(?:\.\d+)?", name)
    found += re.findall(r"\b(?:I{1,3}|IV|VI{0,3}|IX)\b", name)
    return tuple(found)


def similar(a: str, b: str) -> bool:
    """Spelling variants: similar folded names with the same numbers.

    >>> similar("Vardhman Special Steels", "Vardhaman Speciality Steel")
    True
    >>> similar("Delhi Metro Phase 2", "Delhi Metro Phase 4")
    False
    """
    if numbers_of(a) != numbers_of(b):
        return False
    return _spelt_alike(normalize_name(a), SequenceMatcher(None, "", normalize_name(b)))


def _spelt_alike(folded: str, matcher: SequenceMatcher) -> bool:
    """Whether ``folded`` and the matcher's second sequence reach :data:`SIMILARITY`.

    ``matcher`` holds the other name as its second sequence, so one matcher (and
    its index of that name) serves a whole row of comparisons. The cheap upper
    bounds of ``ratio()`` are tried first: ``2 * shorter / total`` (the lengths,
    as ``real_quick_ratio``) and ``quick_ratio`` (shared characters); when a bound
    is below the threshold, so is the ratio.
    """
    other = matcher.b
    total = len(folded) + len(other)
    if total and 2.0 * min(len(folded), len(other)) / total < SIMILARITY:
        return False
    matcher.set_seq1(folded)
    return matcher.quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY


def is_short_form(short: str, full: str, type_: str) -> bool:
    """``short`` names the same thing as ``full`` with words left out.

    Companies may drop company-form words at the end; people may drop words
    (given names, initials) but keep the surname.

    >>> is_short_form("Aichi Steel", "Aichi Steel Corporation", "Company")
    True
    >>> is_short_form("Suzuki Motor", "Maruti Suzuki", "Company")
    False
    >>> is_short_form("Scindia", "Jyotiraditya M. Scindia", "Person")
    True
    """
    return _is_short_form_words(normalize_name(short).split(), normalize_name(full).split(), type_)


def _is_short_form_words(short_words: list[str], full_words: list[str], type_: str) -> bool:
    """:func:`is_short_form` on names already folded and split into words."""
    if not short_words or len(short_words) >= len(full_words):
        return False
    if type_ == "Person":
        return short_words[-1] == full_words[-1] and set(short_words) <= set(full_words) or (
            len(short_words) == 1 and short_words[0] in (full_words[0], full_words[-1]))
    if full_words[:len(short_words)] != short_words:
        return False
    rest = full_words[len(short_words):]
    return all(lexicon().is_legal_suffix(w) for w in rest)


def cluster_mentions(doc: Doc) -> list[Cluster]:
    """Group ``doc.ents`` into entities."""
    info = mention_info(doc)
    clusters: list[Cluster] = []
    by_form: dict[tuple[str, str], Cluster] = {}
    for span in doc.ents:
        found = info.get((span.start_char, span.end_char)) or MentionInfo(span_text(span), span.label_)
        form = _identity(found, span)
        cluster = by_form.get(form)
        if cluster is None:
            cluster = by_form[form] = Cluster()
            clusters.append(cluster)
        cluster.spans.append(span)
        cluster.infos.append(found)
    # Country mentions a longer name swallowed ("India-Japan Port Dialogue") are still
    # in the mention table.
    text = doc_text(doc)
    countries = {normalize_name(text[a:b]) for (a, b), i in info.items() if i.type == "Country"}
    return _merge_related(clusters, countries)


def _identity(found: MentionInfo, span: Span) -> tuple[str, str]:
    if found.origin == "registry":
        return ("registry", entity_key(found.name, found.type))
    if found.type == "Person":
        return ("name", entity_key(found.name, "Person"))
    return ("name", normalize_name(found.name))


def _merge_related(clusters: list[Cluster], countries: set[str]) -> list[Cluster]:
    """Fold each cluster into the first earlier one that is the same thing."""
    merged: list[Cluster] = []
    traits: list[_Traits] = []  # traits[i] describes merged[i]
    for cluster in clusters:
        own = _Traits.of(cluster, countries)
        target = next((i for i, earlier in enumerate(traits) if _same_traits(earlier, own)), None)
        if target is None:
            merged.append(cluster)
            traits.append(own)
        else:
            merged[target].absorb(cluster)
            traits[target] = _Traits.of(merged[target], countries)
    return merged


@dataclass
class _Traits:
    """What :func:`_same_thing` compares of a cluster, derived once.

    The properties of :class:`Cluster` are rebuilt from every mention on each
    access, and clustering compares every pair of clusters, so they are read once
    per cluster here (and again when the cluster absorbs another).
    """

    from_registry: bool
    type: str
    forms: set[str]
    folded: str  # the name, normalised
    words: list[str]
    core: str
    numbers: tuple[str, ...]
    _matcher: SequenceMatcher | None = None

    @classmethod
    def of(cls, cluster: Cluster, countries: set[str]) -> _Traits:
        name = cluster.name
        folded = normalize_name(name)
        return cls(
            from_registry=cluster.registry is not None,
            type=cluster.type,
            forms=cluster.forms,
            folded=folded,
            words=folded.split(),
            core=_core(name, countries),
            numbers=numbers_of(name),
        )

    def spelling_matcher(self) -> SequenceMatcher:
        """A matcher with this name as its second sequence, built on first use."""
        if self._matcher is None:
            self._matcher = SequenceMatcher(None, "", self.folded)
        return self._matcher


def _same_thing(a: Cluster, b: Cluster, countries: set[str]) -> bool:
    return _same_traits(_Traits.of(a, countries), _Traits.of(b, countries))


def _same_traits(a: _Traits, b: _Traits) -> bool:
    """Whether the clusters described by ``a`` (the earlier) and ``b`` are one thing."""
    if a.from_registry and b.from_registry:
        return False
    if not a.forms.isdisjoint(b.forms) and _compatible(a.type, b.type):
        return True
    if a.type != b.type:
        return False
    type_ = a.type
    if _is_short_form_words(a.words, b.words, type_) or _is_short_form_words(b.words, a.words, type_):
        return True
    if type_ == "Person" and sorted(a.words) == sorted(b.words):
        return True
    if type_ != "Person" and a.core and a.core == b.core and a.numbers == b.numbers:
        return True
    # similar(name_a, name_b), on the derived values
    return a.numbers == b.numbers and _spelt_alike(a.folded, b.spelling_matcher())


def _core(name: str, countries: set[str]) -> str:
    """The name without the countries it names: ``3rd India-Japan Steel Dialogue`` and
    ``3rd Steel Dialogue`` are one dialogue.

    >>> _core("3rd India-Japan Steel Dialogue", {"india", "japan"})
    '3rd steel dialogue'
    """
    return " ".join(w for w in _name_words(name) if w not in countries)


@lru_cache(maxsize=1 << 14)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of the folded name, split at spaces and dashes."""
    return tuple(w for w in re.split(r"[\s-]+", normalize_name(name)) if w)


def _compatible(type_a: str, type_b: str) -> bool:
    """Names shared across these types are still one thing (a type word misread)."""
    return type_a == type_b or "Person" not in (type_a, type_b)


def _capitals_words(name: str) -> int:
    """How many words are all capitals: ``DECCAN Motors`` is a worse name than ``Deccan Motors``."""
    return sum(1 for w in name.split() if len(w) > 1 and w.isupper())


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z&/.]*[A-Z][A-Za-z&/.]*", name)) and not re.search(r"[a-z]{3,}", name)


def resolve(doc: Doc) -> Doc:
    """Fill ``doc._.entities`` and set ``kb_id_`` on every mention."""
    entities: dict[str, Entity] = {}
    ents = []
    for cluster in cluster_mentions(doc):
        entity = _entity(cluster)
        key = entity.key
        if key in entities:  # two clusters folding to one key are one entity
            entity = _combine(entities[key], entity)
        entities[key] = entity
        for span in cluster.spans:
            ents.append(Span(doc, span.start, span.end, label=entity.type, kb_id=key))
    doc.ents = sorted(ents, key=lambda s: s.start)
    doc._.entities = entities
    return doc


def _entity(cluster: Cluster) -> Entity:
    name = cluster.name
    registry = cluster.registry
    aliases = []
    seen = {normalize_name(name)}
    written = [span_text(s) for s in cluster.spans] + [a for i in cluster.infos for a in i.aliases]
    written += [i.name for i in cluster.infos]
    for form in written:
        folded = normalize_name(form)
        if folded and folded not in seen:
            seen.add(folded)
            aliases.append(form)
    mentions = sorted({(s.start_char, s.end_char, span_text(s)) for s in cluster.spans})
    return Entity(
        name=name,
        type=cluster.type,
        country=cluster.country,
        aliases=aliases,
        mentions=[_mention(a, b, t) for a, b, t in mentions],
        origin="registry" if registry else "discovered",
        key_name=registry.key_name if registry else None,
    )


def _mention(start: int, end: int, text: str) -> Mention:
    """A mention at spaCy's character offsets (ints, never negative) quoting the text:
    nothing for validation to check, so it is skipped (a document has many mentions)."""
    return Mention.model_construct(start=start, end=end, text=text)


def _combine(first: Entity, second: Entity) -> Entity:
    aliases = list(dict.fromkeys(first.aliases + [a for a in second.aliases if a != first.name]))
    mentions = sorted({(m.start, m.end, m.text) for m in first.mentions + second.mentions})
    return first.model_copy(update={
        "aliases": aliases,
        "mentions": [_mention(a, b, t) for a, b, t in mentions],
        "country": first.country or second.country,
    })


@Language.component("ijkg_resolution")
def resolution_component(doc: Doc) -> Doc:
    """The ``ijkg_resolution`` component."""
    return resolve(doc)
