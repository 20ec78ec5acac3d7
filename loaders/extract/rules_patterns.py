"""Declarative relation rules: a template and the links its groups stand in.

Grouped by relation type (partnerOf, ownedBy, investsIn, acquires, funds, supplies,
involvedIn/participatesIn, memberOf, events, agreements, positions). Each rule is
general English news wording with its synonyms, never one sentence's wording.
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.extract.rules_base import Clause, Found, PatternRule, ReadingContext, apply_pattern_rules, rule

__all__ = ["PATTERN_RULES", "read_patterns"]

_VENTURE = r"(?:joint\s+venture|JV|partnership|collaboration|alliance|tie-up|cooperation|venture)"
_HAVE = (
    r"(?:(?:has|have|had|will|would|also|recently|jointly|is|are|was|were|today|yesterday|now|formally|officially|"
    r"finally|earlier|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+)*"
)
# "will", "plans to", "has agreed to": what may come between a subject and its verb's base form.
_WILL = r"(?:(?:will|would|shall|also|has|have|had|agreed|agrees|plans?|aims?|is|are|set|expected|to|proposes?|intends?)\s+)*"
_BE = r"(?:(?:is|are|was|were|has|have|had|has\s+been|have\s+been|had\s+been|will\s+be|will|would|plans\s+to|now|also)\s+)*"
_PLANTS = (
    r"(?:operations|plants?|facilit(?:y|ies)|factor(?:y|ies)|presence|capacity|units?|bases?|production|projects?|"
    r"cent(?:re|er)s?|hubs?|campus(?:es)?)"
)
_INVEST_TARGET = "Company|Project|Place|Country"
_PERCENT = r"(?:[\d.]+\s*(?:%|percent|per cent))"

PATTERN_RULES: list[PatternRule] = [
    # -- partnerOf ---------------------------------------------------------------
    rule("venture_between", rf"{_VENTURE} (?:agreement )?between {{A}} and {{B}}", ("A", "partnerOf", "B"), confidence=0.9),
    rule(
        "dash_partnership",
        rf"{{A:Company|Organization|GovernmentBody}}\s*[-–—/]\s*{{B:Company|Organization|GovernmentBody}} "
        rf"(?:[\w-]+ ){{0,2}}?{_VENTURE}",
        ("A", "partnerOf", "B"),
    ),
    rule("possessive_venture_with", rf"{{A}}['’]s (?:[\w-]+ )?{_VENTURE} with {{B*}}", ("A", "partnerOf", "B"), confidence=0.85),
    rule("pronoun_venture_with", rf"\b(?:its|their) (?:[\w-]+ )?{_VENTURE} with {{B*}}", ("@subject", "partnerOf", "B")),
    rule(
        "in_partnership_with",
        r"{A},? (?:in|through an?) (?:[\w-]+ )?(?:partnership|collaboration|association|cooperation|alliance|joint venture) with {B*}",
        ("A", "partnerOf", "B"),
    ),
    rule(
        "entered_venture_with",
        rf"{{A}} {_HAVE}(?:entered(?: into)?|formed|signed|set up|established|struck|forged|launched) (?:an?|the) "
        rf"(?:[\w-]+ ){{0,2}}?{_VENTURE} with {{B*}}",
        ("A", "partnerOf", "B"),
        confidence=0.9,
    ),
    rule(
        "formed_venture_together",
        rf"{{A*}} {_HAVE}(?:formed|set up|established|launched|created|announced|entered(?: into)?) (?:an?|the) "
        rf"(?:(?:formation|creation|establishment|setting up|launch) of (?:an?|the) )?(?:[\w-]+ ){{0,2}}?{_VENTURE}\b",
        ("A", "partnerOf", "A"),
    ),
    rule(
        "teamed_up_with",
        rf"{{A*}} {_HAVE}(?:teamed up|tied up|partnered|collaborated|joined hands|allied|worked together) with {{B*}}",
        ("A", "partnerOf", "B"),
        confidence=0.85,
    ),
    rule(
        "group_led_by",
        r"\bled by {A*},? (?:worked|partnered|collaborated|teamed up|joined hands) with {B*}"
        r"(?: (?:on|in|for|to) (?:[\w-]+ ){0,3}?{P:Project})?",
        ("A", "partnerOf", "A"),
        ("A", "partnerOf", "B"),
        ("A", "involvedIn", "P"),
        ("B", "involvedIn", "P"),
    ),
    rule(
        "countries_partnership",
        r"{A:Country}\s*(?:and|[-–—&])\s*{B:Country}[^⟦.;]{0,60}?\b"
        r"(?:partnership|partners|cooperation|co-operation|ties|relations|relationship|collaboration|alliance)\b",
        ("A", "partnerOf", "B"),
        confidence=0.7,
    ),
    rule(
        "country_partnership_with",
        r"{A:Country}['’]s (?:[\w-]+ ){0,2}?(?:partnership|cooperation|ties|relations|relationship) with {B:Country}",
        ("A", "partnerOf", "B"),
        confidence=0.7,
    ),
    # -- ownedBy -----------------------------------------------------------------
    rule(
        "subsidiary_of",
        r"{A:Company},? (?:(?:which|that) is )?(?:[\w-]+ ){0,3}?(?:an?|the) (?:[\w-]+ ){0,2}?"
        r"(?:subsidiary|unit|arm|affiliate|division|group company) of {B:Company}",
        ("A", "ownedBy", "B"),
        confidence=0.85,
    ),
    rule(
        "possessive_subsidiary",
        r"{B:Company}['’]s (?:[\w-]+ )?(?:subsidiary|unit|arm|affiliate) {A:Company}",
        ("A", "ownedBy", "B"),
        confidence=0.85,
    ),
    # -- investsIn ---------------------------------------------------------------
    rule(
        "takes_stake",
        r"{A} (?:[\w']+ ){0,3}?(?:take|took|takes|taking|acquired?|acquires|acquiring|buy|buys|bought|hold|holds|"
        r"purchased?|purchases|pick(?:ed|s)? up) (?:an? )?(?:[\w.%-]+ ){0,3}?stake in (?:[\w-]+ ){0,4}?(?:of )?{B}",
        ("A", "investsIn", "B"),
        confidence=0.9,
    ),
    rule(
        "stake_in_named_venture",
        rf"{{A}} (?:[\w']+ ){{0,3}}?(?:take|took|takes|acquire|acquired|acquires|hold|holds|held|own|owns) (?:an? |the )?"
        rf"(?:[\w.%-]+ ){{0,3}}?(?:stake in|{_PERCENT} (?:stake |share |equity |interest )?(?:of|in)) (?:the|this|a) (?:new |proposed )?"
        r"(?:joint )?(?:venture|JV|company)(?: company)?,? (?:(?:to be|will be|is|was) )?(?:named|called|known as) {B:Company}(?!\s*⟦)",
        ("A", "investsIn", "B"),
        ("B", "ownedBy", "A"),
        confidence=0.85,
    ),
    rule(
        "owns_percent_of",
        rf"{{A:Company}} {_WILL}(?:own|owns|owned|hold|holds|held|retain|retains|retained) (?:an? |the )?(?:remaining |balance )?"
        rf"{_PERCENT} (?:stake |share |equity |interest )?(?:of|in) {{B:Company}}",
        ("A", "investsIn", "B"),
        ("B", "ownedBy", "A"),
        confidence=0.85,
    ),
    rule(
        "announced_investment_in",
        rf"{{A*}} {_HAVE}(?:announced|made|unveiled|committed|pledged|proposed|approved|plans?|planned) (?:an? |its |the )?"
        rf"(?:[\w-]+ ){{0,2}}?investments? (?:of [^⟦;]{{1,40}}? )?(?:in|into) (?:(?:[\w-]+ )?{_PLANTS} in )?{{B*:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "expands_into",
        r"{A*:Company} [^⟦;]{0,30}?\bexpand(?:s|ed|ing)? (?:its |their )?(?:operations |presence |business |footprint )?"
        r"(?:into|to) {B*:Place|Country}",
        ("A", "investsIn", "B"),
        confidence=0.65,
    ),
    rule(
        "invests_in",
        rf"{{A*}} {_HAVE}(?:plans? to |is set to |aims to )?(?:invest(?:ed|s|ing)?|pump(?:ed|s|ing)?|pour(?:ed|s|ing)?|"
        rf"commit(?:ted|s)?|committing|pledg(?:ed|es|ing)) [^⟦;]{{0,50}}?\b(?:in|into|to) (?:new )?"
        rf"(?:(?:[\w-]+ )?{_PLANTS} in )?{{B*:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "expands_operations_in",
        rf"{{A*}} {_BE}(?:expanding|setting up|building|establishing|opening|expanded|set up|built|established|opened) "
        rf"(?:[\w-]+ ){{0,3}}?{_PLANTS} in {{B*:Place|Country}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "possessive_investment_in",
        rf"{{A}}['’]s (?:[^\s⟦]+ ){{0,4}}?investments?(?: [\w-]+){{0,2}}? in {{B:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "pronoun_investment_in",
        rf"\b(?:its|their) (?:[\w-]+ ){{0,2}}?investments? in {{B:{_INVEST_TARGET}}}",
        ("@subject", "investsIn", "B"),
        confidence=0.7,
    ),
    rule(
        "investment_pledge_to",
        rf"{{A:Country|Company|GovernmentBody}} [^⟦;]{{0,80}}?\b(?:investments?|FDI)(?: (?:pledges?|commitments?|targets?|plans?))? "
        rf"(?:to|for|in|into) {{B:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
        confidence=0.7,
    ),
    # -- acquires ----------------------------------------------------------------
    rule(
        "acquired",
        rf"{{A*}} {_WILL}(?:acquired|acquires|acquire|took over|takes over|take over|bought|buys|buy|purchased|purchases|purchase) "
        r"{B:Company}",
        ("A", "acquires", "B"),
        confidence=0.85,
    ),
    rule(
        "completed_acquisition_of",
        rf"{{A*:Company}} {_HAVE}(?:completed|announced|finali[sz]ed|closed|sealed|agreed|signed) (?:the|its|an?) "
        rf"(?:[\w-]+ )?(?:acquisition|takeover|purchase|buyout) of {{B:Company}}",
        ("A", "acquires", "B"),
        confidence=0.85,
    ),
    rule("acquisition_of_by", r"\bacquisition of (?:[\w-]+ )?{B:Company} by {A*}", ("A", "acquires", "B"), confidence=0.85),
    rule("possessive_acquisition", r"{A}['’]s (?:[\w-]+ )?(?:acquisition|takeover) of {B:Company}", ("A", "acquires", "B")),
    # -- funds -------------------------------------------------------------------
    rule(
        "funded_by",
        r"{B:Project|Initiative},? [^⟦;]{0,30}?(?:funded|financed|backed|bankrolled) (?:[\w-]+ )?by {A*}",
        ("A", "funds", "B"),
        confidence=0.85,
    ),
    rule(
        "loan_for",
        r"{A:Country|GovernmentBody|Company}(?:['’]s)? (?:[^\s⟦]+ ){0,4}?(?:loans?|ODA|grants?|financing|funding)"
        r"(?: (?:loans?|support|assistance))? (?:for|to) (?:the )?{B*:Project|Initiative}",
        ("A", "funds", "B"),
    ),
    rule(
        "provides_loan_for",
        r"{A:Country|GovernmentBody|Company} [^⟦;]{0,40}?\b(?:provid(?:e|es|ed|ing)|extend(?:s|ed|ing)?|offer(?:s|ed)?|"
        r"grant(?:s|ed)?|commit(?:s|ted)?|sanction(?:s|ed)?|approv(?:e|es|ed)|sign(?:s|ed)?|conclud(?:e|es|ed)) "
        r"[^⟦;]{0,40}?(?:loans?|ODA|grants?|financing|funding|assistance|credit)"
        r"(?: (?:agreements?|contracts?|packages?|facilit(?:y|ies)|lines?))?(?: (?:of|worth|amounting to|for) [^⟦;]{1,40}?)?"
        r"(?: (?:with|to) (?:the )?⟦\w+#\d+⟧)?(?: (?:of|worth|amounting to|for) [^⟦;]{1,40}?)?"
        r" (?:[\w-]+ ){0,2}?(?:for|to) (?:the )?{B*:Project|Initiative|Country}",
        ("A", "funds", "B"),
    ),
    rule(
        "finances",
        r"{A:Country|GovernmentBody|Company} (?:also )?(?:finances|funds|financed|funded|is financing|is funding|will finance|"
        r"will fund) (?:[^\s⟦]+ ){0,6}?{B*:Project|Initiative|Country}",
        ("A", "funds", "B"),
    ),
    rule(
        "co_finances",
        r"{A:Country|GovernmentBody|Company} (?:[\w-]+ ){0,2}?co-?financ(?:e|es|ed|ing) (?:the )?{B*:Project|Initiative}"
        r"(?: (?:with|along with|together with) (?:the )?{C*:Country|GovernmentBody|Company})?",
        ("A", "funds", "B"),
        ("C", "funds", "B"),
        ("A", "partnerOf", "C"),
    ),
    rule(
        "projects_include",
        r"^\W*(?:The |These )?(?:[Pp]rojects|[Ss]chemes|[Pp]rogrammes|[Pp]rograms) (?:include|including|such as|like) {B*:Project|Initiative}",
        ("@funder", "funds", "B"),
        confidence=0.6,
    ),
    # -- supplies ----------------------------------------------------------------
    rule(
        "imports_from",
        r"{A:Country|Company}['’]s (?P<what>(?:[\w-]+ ){0,2}?)imports? (?:of (?P<what2>[^⟦]+?) )?from {B:Country|Company}",
        ("B", "supplies", "A"),
        what="what",
    ),
    rule(
        "exports_to",
        r"{A:Country|Company}['’]s (?:major |total |main )?(?P<what>(?:[\w-]+ ){0,2}?)exports? (?:of (?P<what2>[^⟦]+?) )?to {B:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    rule(
        "supplier_of_to",
        r"{A:Country|Company} (?:is|was|has been|had become|became|emerged as|remains|remained)(?: now)?(?: among)?"
        r"(?: the| an?| one of the)? (?:[\w-]+ ){0,3}?(?:suppliers?|exporters?|sources?) of (?P<what>[^⟦]+?) to {B:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    rule(
        "exports_goods_to",
        rf"{{A:Country|Company}} {_WILL}(?:exports?|exported|exporting|supply|supplies|supplied|supplying|ships?|shipped|"
        r"shipping) (?P<what>[^⟦]+?) to {B*:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    rule(
        "won_order_from",
        rf"{{A:Company}} {_HAVE}(?:bagged|bags|won|wins|secured|secures|received|receives|clinched|clinches|bagged) an? "
        r"(?:[\w-]+ ){0,3}?(?:order|contract|deal)s? (?:worth [^⟦;]{1,30}? )?from (?:the )?{B:Company|Country|GovernmentBody}"
        r"(?: to (?:supply|deliver|provide|manufacture|build) (?P<what>[^⟦;,]+?)(?= for |[,.;]|$))?(?: for (?:the )?{P:Project})?",
        ("A", "supplies", "B"),
        ("A", "involvedIn", "P"),
        what="what",
    ),
    # -- involvedIn / participatesIn ------------------------------------------------
    rule(
        "involved_in",
        r"{A*} (?:(?:is|are|was|were|has been|have been|also|actively|closely|deeply)\s+)*(?:involved|engaged) in "
        r"(?:[\w-]+ ){0,3}?{B:Project|Initiative}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "role_in",
        r"{A}['’]s (?:[\w-]+ ){0,2}?role in (?:⟦Country#\d+⟧['’]s )?(?:the )?(?:[\w-]+ ){0,3}?{B:Project|Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.75,
    ),
    rule(
        "built_by",
        r"{B:Project},? (?:[\w-]+ ){0,4}?(?:developed|built|constructed|implemented|executed|designed|operated) by {A*}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "builds",
        r"{A*} (?:(?:is|are|was|were|has been|have been|will be)\s+)?(?:building|constructing|implementing|developing|"
        r"supplying|executing) (?:[\w-]+ ){0,3}?(?:for |to )?{B:Project}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "under_program",
        r"{A:Company|Organization|GovernmentBody|Country} (?:[\w-]+ ){0,3}?under (?:the )?{B:Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.65,
    ),
    rule(
        "participation_in",
        r"{A}['’]s participation in (?:⟦Country#\d+⟧['’]s )?(?:the )?{B:Event|Initiative}",
        ("A", "participatesIn", "B"),
        confidence=0.85,
    ),
    rule(
        "took_part_in",
        r"{A*} (?:(?:have|has|had|will|also)\s+)*(?:participated|participate|participates|took part|take part|joined) in (?:the )?{B:Event|Initiative}",
        ("A", "participatesIn", "B"),
    ),
    rule(
        "launch_initiative",
        r"{A*:Country|GovernmentBody|Organization|Company} [^⟦;]{0,30}?\b(?:launch|launched|establish|established|set up|start|started|"
        r"join|joined|announce|announced|sign up to) (?:an?|the) {B:Initiative}",
        ("A", "participatesIn", "B"),
        confidence=0.65,
    ),
    rule(
        "country_event",
        r"{A:Country|GovernmentBody|Organization}['’]s (?:[\w-]+ ){0,2}?{B:Event}",
        ("A", "organizes", "B"),
        confidence=0.6,
    ),
    rule(
        "organisation_initiative",
        r"{A:Organization|GovernmentBody}['’]s {B:Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.6,
    ),
    # -- memberOf (countries in organisations) ---------------------------------------
    rule(
        "members_of",
        r"{A*:Country} (?:are|is|were|was|became|become|have become) (?:[\w-]+ ){0,3}?(?:members?|pillars?|part|founders?) of "
        r"(?:the )?{O:Organization}(?: (?:alongside|along with|together with|with) {B*:Country})?",
        ("A", "memberOf", "O"),
        ("B", "memberOf", "O"),
    ),
    # -- events ------------------------------------------------------------------
    rule(
        "organised_by",
        r"(?:jointly )?(?:organi[sz]ed|hosted|convened) (?:jointly )?by {A*:GovernmentBody|Organization|Company|Country}",
        ("A", "organizes", "@event"),
        confidence=0.85,
    ),
    rule(
        "co_chaired_by",
        r"(?:co-)?chaired by (?P<P>[^;]*)",
        ("P", "chairs", "@event"),
        confidence=0.85,
    ),
    rule("chaired", r"{P*:Person} (?:co-)?chaired (?:the )?{E:Event}", ("P", "chairs", "E"), confidence=0.85),
    # -- agreements: what they establish (signatories: rules_events.read_signatories) ------------------------------
    rule(
        "led_to_establishment",
        r"\b(?:led to|resulted in|paved the way for) (?:the )?(?:establishment|creation|formation|launch|setting up) of "
        r"{B:Initiative|Event|Company}",
        ("@agreement", "establishes", "B"),
        confidence=0.75,
    ),
    rule(
        "established_under",
        r"{B:Initiative|Event|Company},? (?:was )?(?:established|set up|created|launched) (?:under|by|through) (?:the )?{G:Agreement}",
        ("G", "establishes", "B"),
        confidence=0.85,
    ),
    # -- positions ---------------------------------------------------------------
    rule(
        "place_chief_minister",
        r"{S:Place} (?:chief minister|Chief Minister|CM|governor|Governor) {P:Person}",
        ("P", "headOf", "S"),
        confidence=0.85,
    ),
]


def read_patterns(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """Apply every :data:`PATTERN_RULES` entry to the clause."""
    return apply_pattern_rules(PATTERN_RULES, clause, ctx)
