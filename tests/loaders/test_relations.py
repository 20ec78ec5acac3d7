"""Tests of the ``ijkg_relations`` component on Docs whose mentions are set by hand.

Every sentence is written for the test; each expected relation was worked out by
reading the sentence, not by running the program.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

import loaders.extract.extensions  # noqa: F401  (registers the Doc extensions)
from loaders.extract.relations import fits_signature, relations_component
from schema.models import Entity, Mention, entity_key

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")


def run(text: str, mentions: list[tuple[str, str] | tuple[str, str, str]], date: str | None = "2024-06-01", countries=None):
    """Relations of ``text`` whose mentions are ``(surface, type[, canonical name])``, found in order.

    A surface written twice in ``mentions`` is looked for after the previous one.
    """
    doc = NLP(text)
    doc._.doc_id = "test.txt"
    doc._.doc_date = date
    doc._.relations = []
    entities: dict[str, Entity] = {}
    spans, cursor = [], 0
    for surface, type_, *canonical in mentions:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        name = canonical[0] if canonical else surface
        key = entity_key(name, type_)
        entity = entities.setdefault(key, Entity(name=name, type=type_, country=(countries or {}).get(name)))
        entity.mentions.append(Mention(start=start, end=cursor, text=surface))
        spans.append(doc.char_span(start, cursor, label=type_, kb_id=key))
    doc.ents = spans
    doc._.entities = entities
    relations_component(doc)
    return doc


def triples(doc) -> set[tuple[str, str, str]]:
    names = {key: entity.name for key, entity in doc._.entities.items()}
    return {(names[r.subject], r.predicate, names[r.object]) for r in doc._.relations}


def relation(doc, subject: str, predicate: str, obj: str):
    names = {key: entity.name for key, entity in doc._.entities.items()}
    found = [r for r in doc._.relations if (names[r.subject], r.predicate, names[r.object]) == (subject, predicate, obj)]
    assert len(found) == 1, triples(doc)
    return found[0]


# -- partnerOf / ownedBy ------------------------------------------------------------------


def test_formed_joint_venture_links_partners_with_date():
    doc = run("Kobe Steel and Mahindra formed a joint venture in 2019.", [("Kobe Steel", "Company"), ("Mahindra", "Company")])
    assert triples(doc) == {("Kobe Steel", "partnerOf", "Mahindra")}
    assert relation(doc, "Kobe Steel", "partnerOf", "Mahindra").date == "2019"


def test_partnership_with_dash_and_in_partnership_with():
    doc = run(
        "The Hitachi-Infosys partnership grew. Solar parks were built by Adani Green in partnership with Marubeni.",
        [("Hitachi", "Company"), ("Infosys", "Company"), ("Adani Green", "Company"), ("Marubeni", "Company")],
    )
    assert ("Hitachi", "partnerOf", "Infosys") in triples(doc)
    assert ("Adani Green", "partnerOf", "Marubeni") in triples(doc)


def test_named_joint_venture_is_owned_by_both_parents():
    doc = run(
        "The Hitachi and Bharat Forge joint venture, known as HBF Components, opened in March 2021.",
        [("Hitachi", "Company"), ("Bharat Forge", "Company"), ("HBF Components", "Company")],
    )
    assert triples(doc) == {
        ("HBF Components", "ownedBy", "Hitachi"),
        ("HBF Components", "ownedBy", "Bharat Forge"),
        ("Hitachi", "partnerOf", "Bharat Forge"),
    }


def test_subsidiary_of():
    doc = run("Denso Kirloskar, a subsidiary of Denso, makes radiators.", [("Denso Kirloskar", "Company"), ("Denso", "Company")])
    assert triples(doc) == {("Denso Kirloskar", "ownedBy", "Denso")}


def test_group_led_by_works_with_partner_on_project():
    doc = run(
        "A consortium, led by Sumitomo and Tata Projects, worked with NHAI on building the Ganga Expressway.",
        [("Sumitomo", "Company"), ("Tata Projects", "Company"), ("NHAI", "Company"), ("Ganga Expressway", "Project")],
    )
    assert {("Sumitomo", "partnerOf", "Tata Projects"), ("Sumitomo", "partnerOf", "NHAI"),
            ("Tata Projects", "partnerOf", "NHAI")} <= triples(doc)
    assert {("Sumitomo", "involvedIn", "Ganga Expressway"), ("NHAI", "involvedIn", "Ganga Expressway")} <= triples(doc)


def test_a_place_is_never_a_partner():
    doc = run("Tata Motors teamed up with Pune.", [("Tata Motors", "Company"), ("Pune", "Place")])
    assert triples(doc) == set()


def test_country_partnership_is_stated_once_per_document():
    doc = run(
        "India and Vietnam deepened their partnership. Later, India-Vietnam ties grew.",
        [("India", "Country"), ("Vietnam", "Country"), ("India", "Country"), ("Vietnam", "Country")],
    )
    assert [r.predicate for r in doc._.relations] == ["partnerOf"]


# -- investsIn / acquires / funds ------------------------------------------------------------


def test_stake_with_share_amount_and_hedge():
    doc = run(
        "Sumitomo Chemical will take a 26% stake in Excel Crop Care for ₹1,200 crore.",
        [("Sumitomo Chemical", "Company"), ("Excel Crop Care", "Company")],
    )
    found = relation(doc, "Sumitomo Chemical", "investsIn", "Excel Crop Care")
    assert (found.share, found.amount, found.currency, found.status) == (0.26, 12_000_000_000, "INR", "planned")


def test_companies_committing_money_to_plants_in_places():
    doc = run(
        "Honda, Nissan and other carmakers are committing Rs 90 billion to plants in Tamil Nadu and Haryana.",
        [("Honda", "Company"), ("Nissan", "Company"), ("Tamil Nadu", "Place"), ("Haryana", "Place")],
    )
    assert triples(doc) == {
        ("Honda", "investsIn", "Tamil Nadu"), ("Honda", "investsIn", "Haryana"),
        ("Nissan", "investsIn", "Tamil Nadu"), ("Nissan", "investsIn", "Haryana"),
    }


def test_acquisition_of_by():
    doc = run(
        "Analysts recalled the acquisition of Ranbaxy by Daiichi Sankyo.", [("Ranbaxy", "Company"), ("Daiichi Sankyo", "Company")]
    )
    assert triples(doc) == {("Daiichi Sankyo", "acquires", "Ranbaxy")}


def test_loan_for_project_with_amount():
    doc = run(
        "JBIC will provide a ¥40 billion loan for the Chennai Metro.", [("JBIC", "GovernmentBody"), ("Chennai Metro", "Project")]
    )
    found = relation(doc, "JBIC", "funds", "Chennai Metro")
    assert (found.amount, found.currency, found.status) == (40_000_000_000, "JPY", "planned")


def test_projects_listed_after_a_funding_sentence_are_funded():
    doc = run(
        "Korea finances several bridges in Vietnam through soft loans. Projects include Cau Dai Bridge and Ham Luong Bridge.",
        [("Korea", "Country"), ("Vietnam", "Country"), ("Cau Dai Bridge", "Project"), ("Ham Luong Bridge", "Project")],
    )
    assert {("Korea", "funds", "Cau Dai Bridge"), ("Korea", "funds", "Ham Luong Bridge")} <= triples(doc)


def test_bullet_line_funding_under_a_heading_that_names_the_funder():
    doc = run(
        "Korea's transport engagement in Vietnam is broad:\nHanoi Ring Road: 70% financing of USD 1 billion\n",
        [("Korea", "Country"), ("Vietnam", "Country"), ("Hanoi Ring Road", "Project")],
    )
    found = relation(doc, "Korea", "funds", "Hanoi Ring Road")
    assert (found.share, found.amount, found.currency) == (0.7, 1_000_000_000, "USD")


def test_a_nationality_without_a_named_actor_gives_nothing():
    doc = run("Japanese firms invested in Karnataka.", [("Karnataka", "Place")])
    assert doc._.relations == []


# -- agreements ------------------------------------------------------------------------------


def test_mou_between_companies_is_a_described_agreement():
    doc = run(
        "An MoU was signed between Toray and Reliance on 3 March 2024.", [("Toray", "Company"), ("Reliance", "Company")]
    )
    label = "MoU between Toray and Reliance (2024-03-03)"
    assert doc._.entities[entity_key(label, "Agreement")].origin == "described"
    assert {("Toray", "partyTo", label), ("Reliance", "partyTo", label), ("Toray", "partnerOf", "Reliance")} == triples(doc)


def test_agreement_signatories_and_what_it_established():
    doc = run(
        "The Kyoto Skills Agreement was signed by Rajiv Mehta and Kenji Sato in 2018. It led to the establishment of the Skills Forum.",
        [("Kyoto Skills Agreement", "Agreement"), ("Rajiv Mehta", "Person"), ("Kenji Sato", "Person"), ("Skills Forum", "Initiative")],
    )
    assert triples(doc) == {
        ("Kyoto Skills Agreement", "signedBy", "Rajiv Mehta"),
        ("Kyoto Skills Agreement", "signedBy", "Kenji Sato"),
        ("Kyoto Skills Agreement", "establishes", "Skills Forum"),
    }


def test_a_denied_signing_is_dropped():
    doc = run(
        "Reports that Hitachi teamed up with Wipro were denied.", [("Hitachi", "Company"), ("Wipro", "Company")]
    )
    assert doc._.relations == []


# -- meetings and positions ----------------------------------------------------------------


def test_event_venue_organisers_and_co_chairs():
    text = (
        "The 5th Port Dialogue was held on 6 May 2024 at Taj Coromandel, Chennai. "
        "It was organised by the Chennai Port Authority and JETRO. "
        "The dialogue was co-chaired by Anita Rao, Director, Chennai Port Authority, and Ken Mori, Counsellor, JETRO."
    )
    doc = run(
        text,
        [
            ("5th Port Dialogue", "Event"), ("Taj Coromandel", "Place"), ("Chennai", "Place"),
            ("Chennai Port Authority", "GovernmentBody"), ("JETRO", "GovernmentBody"),
            ("Anita Rao", "Person"), ("Chennai Port Authority", "GovernmentBody"), ("Ken Mori", "Person"), ("JETRO", "GovernmentBody"),
        ],
    )
    assert triples(doc) == {
        ("5th Port Dialogue", "locatedIn", "Taj Coromandel"),
        ("5th Port Dialogue", "locatedIn", "Chennai"),
        ("Taj Coromandel", "locatedIn", "Chennai"),
        ("Chennai Port Authority", "organizes", "5th Port Dialogue"),
        ("JETRO", "organizes", "5th Port Dialogue"),
        ("Anita Rao", "chairs", "5th Port Dialogue"),
        ("Ken Mori", "chairs", "5th Port Dialogue"),
        ("Anita Rao", "memberOf", "Chennai Port Authority"),
        ("Ken Mori", "memberOf", "JETRO"),
    }
    assert relation(doc, "5th Port Dialogue", "locatedIn", "Chennai").date == "2024-05-06"
    assert relation(doc, "Taj Coromandel", "locatedIn", "Chennai").date is None
    assert relation(doc, "Ken Mori", "memberOf", "JETRO").role == "Counsellor"


def test_bilateral_meeting_becomes_a_described_event():
    doc = run(
        "A bilateral meeting was held by Piyush Goyal and Ken Saito in Mumbai (May 2024).",
        [("Piyush Goyal", "Person"), ("Ken Saito", "Person"), ("Mumbai", "Place")],
    )
    label = "Bilateral meeting between Piyush Goyal and Ken Saito"
    assert triples(doc) == {
        ("Piyush Goyal", "participatesIn", label),
        ("Ken Saito", "participatesIn", label),
        (label, "locatedIn", "Mumbai"),
    }
    assert relation(doc, "Ken Saito", "participatesIn", label).date == "2024-05"


def test_minister_of_a_department_heads_its_ministry():
    doc = run(
        "Prime Minister Anthony Albanese spoke after Union Minister of Textiles Giriraj Singh visited the Ministry of Textiles.",
        [("Anthony Albanese", "Person"), ("Giriraj Singh", "Person"), ("Ministry of Textiles", "GovernmentBody")],
    )
    assert relation(doc, "Giriraj Singh", "headOf", "Ministry of Textiles").role == "Union Minister of Textiles"
    # no Country entity in the document: the prime minister's country is not guessed
    assert {r.predicate for r in doc._.relations} == {"headOf"} and len(doc._.relations) == 1


def test_prime_minister_heads_the_country_named_by_adjective():
    doc = run(
        "Australian Prime Minister Anthony Albanese met Australia's trade envoys.",
        [("Anthony Albanese", "Person"), ("Australia", "Country")],
    )
    assert relation(doc, "Anthony Albanese", "headOf", "Australia").role == "Prime Minister"


def test_researcher_at_an_institute():
    doc = run(
        "Meera Iyer is a postdoctoral fellow in Economics at the Gokhale Institute.",
        [("Meera Iyer", "Person"), ("Gokhale Institute", "Organization")],
    )
    assert relation(doc, "Meera Iyer", "memberOf", "Gokhale Institute").role == "postdoctoral fellow"


# -- locatedIn / country / supplies -----------------------------------------------------------


def test_place_in_parentheses_and_lists_are_not_nested_places():
    doc = run(
        "Ore came from Sri City (then in Andhra Pradesh). Plants operate in Pune, Nashik, and Nagpur.",
        [("Sri City", "Place"), ("Andhra Pradesh", "Place"), ("Pune", "Place"), ("Nashik", "Place"), ("Nagpur", "Place")],
    )
    assert triples(doc) == {("Sri City", "locatedIn", "Andhra Pradesh")}


def test_nationality_adjective_gives_country_when_the_country_is_mentioned():
    doc = run(
        "Japanese carmaker Mazda teamed up with Mahindra to sell cars beyond Japan.",
        [("Mazda", "Company"), ("Mahindra", "Company"), ("Japan", "Country")],
    )
    assert triples(doc) == {("Mazda", "country", "Japan"), ("Mazda", "partnerOf", "Mahindra")}


def test_imports_from_are_supplies_with_amount_and_date():
    doc = run("Vietnam's imports from Japan reached $2 billion in 2023.", [("Vietnam", "Country"), ("Japan", "Country")])
    found = relation(doc, "Japan", "supplies", "Vietnam")
    assert (found.amount, found.currency, found.date) == (2_000_000_000, "USD", "2023")


def test_named_bilateral_initiative_has_both_countries_taking_part():
    doc = run("Officials met. The Vietnam-Korea Green Dialogue continued.", [("Vietnam-Korea Green Dialogue", "Initiative")])
    assert doc._.relations == []  # the two countries are not entities of this document
    doc = run(
        "Vietnam and Korea met. The Vietnam-Korea Green Dialogue continued.",
        [("Vietnam", "Country"), ("Korea", "Country"), ("Vietnam-Korea Green Dialogue", "Initiative")],
    )
    assert {("Vietnam", "participatesIn", "Vietnam-Korea Green Dialogue"),
            ("Korea", "participatesIn", "Vietnam-Korea Green Dialogue")} <= triples(doc)


def test_provenance_cites_the_sentence_and_rule():
    text = "Officials met. Kobe Steel teamed up with Mahindra."
    doc = run(text, [("Kobe Steel", "Company"), ("Mahindra", "Company")])
    provenance = doc._.relations[0].provenance
    assert (provenance.document, provenance.sentence, provenance.extractor) == ("test.txt", "Kobe Steel teamed up with Mahindra.", "teamed_up_with")
    assert text[provenance.start : provenance.end] == provenance.sentence


@pytest.mark.parametrize(
    ("predicate", "subject", "obj", "fits"),
    [("chairs", "Company", "Event", False), ("headOf", "Person", "Place", True), ("memberOf", "Country", "Organization", True),
     ("ownedBy", "Company", "Person", False), ("country", "Company", "Country", True)],
)
def test_signatures(predicate, subject, obj, fits):
    assert fits_signature(predicate, subject, obj) is fits


def test_agreement_parties_written_with_their_government():
    doc = run(
        "The MoC between the Ministry of Mines, Government of Peru and the Energy Agency, Government of Chile, was signed in 2021.",
        [("Ministry of Mines", "GovernmentBody"), ("Energy Agency", "GovernmentBody")],
    )
    label = "MoC between Ministry of Mines and Energy Agency (2021)"
    assert triples(doc) == {("Ministry of Mines", "partyTo", label), ("Energy Agency", "partyTo", label)}


def test_a_generic_agreement_mention_folds_into_the_described_agreement():
    from loaders.extract import extract
    from schema.models import Document

    text = (
        "Kansai Paint will work with Asian Paints on coatings.\n\n"
        "The Memorandum of Understanding (MoU) between Kansai Paint and Asian Paints was signed "
        "on 3 March 2024. The MoU runs for five years.\n"
    )
    facts = extract(Document(id="t.txt", source="t.txt", content_hash="0" * 64, text=text, date="2024-03-05"))
    agreements = [e for e in facts.entities if e.type == "Agreement"]
    assert len(agreements) == 1
    mou = agreements[0]
    assert mou.name == "MoU between Kansai Paint and Asian Paints (2024-03-03)"
    assert {"Memorandum of Understanding", "MoU"} <= set(mou.aliases)
    assert len(mou.mentions) == 3
    parties = {r.subject for r in facts.relations if r.predicate == "partyTo" and r.object == mou.key}
    assert parties == {"kansai-paint", "asian-paints"}


def test_evidence_is_the_line_of_a_flattened_list_and_its_offsets_slice_the_text():
    from loaders.extract import extract
    from schema.models import Document

    text = (
        "Semiconductor ties grew quickly:\n"
        "Hitachi and Infosys announced a partnership in 2023\n"
        "Daikin opened a plant in Rajasthan\n"
    )
    facts = extract(Document(id="t.txt", source="t.txt", content_hash="0" * 64, text=text))
    partnership = [r for r in facts.relations if r.predicate == "partnerOf"]
    assert partnership, "the second line states a partnership"
    evidence = partnership[0].provenance
    assert evidence.sentence == "Hitachi and Infosys announced a partnership in 2023"
    for relation in facts.relations:
        p = relation.provenance
        assert text[p.start : p.end] == p.sentence
