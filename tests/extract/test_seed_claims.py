"""The issue's acceptance on the real seed report: five happenings, each one claim with the right
type, actor, places (with roles and coordinates), date and cited source."""

from __future__ import annotations

import math
from datetime import date

import pytest

from watchfloor.records import ActorRole, Claim, Document, PlacePrecision, PlaceRole

SEED = "corpus/seed/pmu-syria-2023-11-05.txt"

AL_BUKAMAL = (34.4523, 40.9185)
AL_MAYADIN = (35.0198, 40.4515)
DEIR_EZ_ZOR = (35.3359, 40.1408)


@pytest.fixture(scope="module")
def seed(shared_dir, tmp_path_factory):
    from watchfloor.extract.run import Extractor
    from watchfloor.settings import load_settings

    data = tmp_path_factory.getbasetemp() / "wf-claims-data"  # shared with the ar/fa claim tests
    extractor = Extractor(load_settings(environ={}, overrides=[f"data_dir={data}"]))
    text = (shared_dir / SEED).read_text(encoding="utf-8")
    ex = extractor.extract(Document(text=text, url="seed", canonical_url="seed", language="en",
                                    capture_sha256="0" * 64))
    return text, ex.claims, ex.mentions


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _actors(c: Claim, role: ActorRole = ActorRole.ACTOR) -> set[str | None]:
    return {a.actor_id for a in c.actors if a.role is role}


def _near(c: Claim, point: tuple[float, float], role: PlaceRole | None = None, km: float = 10.0) -> bool:
    return any(p.lat is not None and _km((p.lat, p.lon), point) <= km and (role is None or p.role is role)
               for p in c.places)


def _country(c: Claim, code: str, role: PlaceRole) -> bool:
    return any(p.country == code and p.precision is PlacePrecision.COUNTRY and p.role is role for p in c.places)


def _find(claims: list[Claim], text: str, event_type: str, phrase: str) -> Claim:
    """The claim of that type whose span holds the phrase (the happening as the report words it)."""
    found = [c for c in claims if c.event_type == event_type and phrase in text[c.start:c.end]]
    assert found, f"no {event_type} claim over {phrase!r}"
    return found[0]


def test_pmu_operatives_moved_from_iraq_into_syria_through_al_bukamal(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.movement_of_forces", "moved more than 100 of its operatives")
    assert _actors(c) == {"pmf"}
    assert _country(c, "IQ", PlaceRole.ORIGIN) and _country(c, "SY", PlaceRole.DESTINATION)
    assert _near(c, AL_BUKAMAL, PlaceRole.VIA)  # "entered the country through ... Al-Bukamal"
    assert (c.date, c.date_precision.value) == (date(2023, 11, 3), "day")
    assert c.cited_source == "Eye of Euphrates"
    assert [q.value for q in c.quantities] == [100.0]


def test_training_exercise_in_al_mayadin(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.training_exercise", "held military training exercises")
    assert _actors(c) == {"sayyidah-zaynab-regiment"}
    assert "irgc" in _actors(c, ActorRole.ASSOCIATED)  # "the IRGC's Sayyidah Zaynab Regiment"
    assert _near(c, AL_MAYADIN)
    assert all(p.country == "SY" for p in c.places)
    assert c.date == date(2023, 11, 3)
    assert c.cited_source == "Eye of Euphrates"


def test_recruitment_campaign_in_al_mayadin(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.recruitment", "launched a recruitment campaign")
    assert _actors(c) == {"iran-backed-militias"}
    assert _near(c, AL_MAYADIN, PlaceRole.AT)
    assert c.date == date(2023, 11, 3)  # "The website added that alongside the exercises ..."
    assert c.cited_source == "Eye of Euphrates"


def test_buses_through_al_bukamal_carry_pmu_operatives(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.movement_of_forces", "five buses")
    assert [a.actor_id for a in c.actors] == ["pmf"]  # not the pilgrims the buses usually carry
    assert _country(c, "IQ", PlaceRole.ORIGIN) and _country(c, "SY", PlaceRole.DESTINATION)
    assert _near(c, AL_BUKAMAL, PlaceRole.VIA)  # the Al-Bukamal–Al-Qa'em crossing
    assert c.date == date(2023, 11, 4)
    assert c.cited_source == "Eye of Euphrates"
    assert [q.text for q in c.quantities] == ["five buses"]


def test_where_the_buses_went_stays_with_the_pmu(seed):
    text, claims, _mentions = seed
    to_mayadin = _find(claims, text, "strategic.movement_of_forces", "Several of the buses")
    assert _actors(to_mayadin) == {"pmf"}
    assert _near(to_mayadin, AL_MAYADIN, PlaceRole.DESTINATION)
    assert to_mayadin.date == date(2023, 11, 4)  # the report's day, carried by "the report further stated"


def test_drone_experts_sent_south_by_irgc_and_pmu(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.movement_of_forces", "experts at operating drones")
    assert _actors(c) == {"irgc", "pmf"}  # "the IRGC and the Iraqi PMU had sent"
    assert _near(c, DEIR_EZ_ZOR, PlaceRole.ORIGIN)
    south = [p for p in c.places if p.role is PlaceRole.DESTINATION]
    assert south and south[0].country == "SY" and south[0].precision is PlacePrecision.REGION
    assert south[0].lat < 34.0  # southern Syria
    assert (c.date, c.date_precision.value) == (date(2023, 11, 5), "day")
    assert c.cited_source == "Ja’far Al-Tayyar Brigades"


def test_name_fragments_resolved_abroad_are_not_claim_places(seed):
    text, claims, _mentions = seed
    c = _find(claims, text, "strategic.movement_of_forces", "travelled through the desert")
    assert {p.country for p in c.places} == {"SY"}  # not Haql (Saudi Arabia) nor Ward (Arkansas)
    assert _near(c, AL_MAYADIN, PlaceRole.DESTINATION)


def test_every_field_points_at_the_words_it_came_from(seed):
    text, claims, mentions = seed
    c = _find(claims, text, "strategic.movement_of_forces", "experts at operating drones")
    assert [mentions[i].text for a in c.actors for i in a.mention_ids] == ["IRGC", "Iraqi PMU"]
    assert mentions[c.date_mention_ids[0]].text == "November 5, 2023"
    assert mentions[c.cited_source_mention_ids[0]].text == "Ja’far Al-Tayyar Brigades"
    for claim in claims:  # every piece of evidence lies inside the sentence span it was read from
        ids = [i for a in claim.actors for i in a.mention_ids] + [i for p in claim.places for i in p.mention_ids]
        for i in ids:
            m = mentions[i]
            assert text[m.start:m.end] == m.text
