"""What a regular expression cannot match without: the literal words it needs.

Rules and qualifiers run many patterns over every clause, and most patterns find
nothing in most clauses. A pattern whose literal words (``stake``, ``between``,
``⟦Company#``) are absent from a text cannot match it, and a few substring tests
say so far faster than the regex engine does. :func:`required_literals` reads
those words from the compiled pattern itself (so they never drift from the
regex), :func:`may_match` tests a text, and :class:`GatedPattern` wraps a pattern
so that it is only run where it may match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser behind ``re``: Python 3.11 renamed sre_parse / sre_constants
    from re import _constants as _regex_constants
    from re import _parser as _regex_parser
except ImportError:  # pragma: no cover
    import sre_constants as _regex_constants
    import sre_parse as _regex_parser

__all__ = ["GatedPattern", "Requirement", "may_match", "required_literals"]

# Each entry of a requirement is a set of alternatives: every text the pattern
# matches contains at least one of them ("teamed up|tied up" needs "teamed" or "tied").
Requirement = tuple[frozenset[str], ...]


def required_literals(pattern: re.Pattern[str]) -> Requirement:
    """What any text the pattern matches must contain, read from the regex itself.

    Only case-sensitive literal characters count; optional parts, character
    classes and look-arounds require nothing, so the answer is never too strict
    (an empty requirement means "cannot tell").

    >>> [sorted(options) for options in required_literals(re.compile(r"(?:joined|teamed) hands? with"))]
    [['joined', 'teamed'], [' hand'], [' with']]
    >>> required_literals(re.compile("teamed", re.IGNORECASE))
    ()
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        parsed = _regex_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unusual construct: require nothing rather than guess
        return ()
    needs = dict.fromkeys(_needs_of_sequence(list(parsed)))
    # Long literals are the rare ones: tried first, they end the test soonest.
    return tuple(sorted(needs, key=lambda options: -min(map(len, options))))


def may_match(requirement: Requirement, text: str) -> bool:
    """False only when ``text`` lacks a literal the pattern needs (so it cannot match).

    Substring tests are far cheaper than running the regex over the clause; plain
    loops, as this runs for every rule on every clause.
    """
    for options in requirement:
        for literal in options:
            if literal in text:
                break
        else:
            return False
    return True


class GatedPattern:
    """A compiled pattern that is not run over texts lacking a literal it needs.

    ``search`` and ``finditer`` answer exactly as the pattern's own, only faster
    on the many clauses where the pattern's words do not occur.

    >>> pattern = GatedPattern(re.compile(r"signed (?:an|the) MoU"))
    >>> pattern.search("They signed the MoU.").group(), pattern.search("They met.")
    ('signed the MoU', None)
    """

    __slots__ = ("regex", "needs")

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        self.needs = required_literals(regex)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if may_match(self.needs, text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if may_match(self.needs, text) else iter(())


def _needs_of_sequence(items: list) -> list[frozenset[str]]:
    """Requirements of consecutive regex items: runs of literal characters are one word."""
    needs: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op is _regex_constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            needs.append(frozenset(["".join(run)]))
            run = []
        needs += _needs_of_item(op, argument)
    if run:
        needs.append(frozenset(["".join(run)]))
    return needs


def _needs_of_item(op, argument) -> list[frozenset[str]]:
    constants = _regex_constants
    if op is constants.SUBPATTERN:
        _, add_flags, _, items = argument
        return [] if add_flags & constants.SRE_FLAG_IGNORECASE else _needs_of_sequence(list(items))
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)):
        least, _, items = argument
        return _needs_of_sequence(list(items)) if least >= 1 else []
    if op is getattr(constants, "ATOMIC_GROUP", None):
        return _needs_of_sequence(list(argument))
    if op is constants.BRANCH:
        return _needs_of_branch(argument[1])
    return []  # character classes, anchors, look-arounds, back-references


def _needs_of_branch(alternatives: list) -> list[frozenset[str]]:
    """One of the alternatives matches, so one of their literals is needed: each
    alternative offers its most telling literal (the longest shortest option)."""
    offered: set[str] = set()
    for alternative in alternatives:
        needs = _needs_of_sequence(list(alternative))
        if not needs:
            return []  # an alternative that needs nothing: the branch needs nothing
        offered |= max(needs, key=lambda options: min(map(len, options)))
    return [_fewest(offered)]


def _fewest(options: set[str]) -> frozenset[str]:
    """The options without those holding another option (a text with ``January``
    has ``Jan``), which tests the same with fewer substring searches.

    >>> sorted(_fewest({"Jan", "January", "Feb"}))
    ['Feb', 'Jan']
    """
    return frozenset(o for o in options if not any(p != o and p in o for p in options))
