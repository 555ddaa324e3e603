"""Claim assembly on hand-built mentions: roles, carried context and evidence spans."""

from datetime import date

from watchfloor.extract.assemble import assemble_claims
from watchfloor.extract.sentences import split_clauses, split_sentences
from watchfloor.extract.triggers import load_triggers
from watchfloor.records import ActorRole, DatePrecision, Mention, MentionKind, PlaceRole

TEXT = (
    "On November 3, the Al-Shahid Brigade moved more than 200 fighters and several truckloads of "
    "rockets from Iraq into Syria through the Al-Bukamal crossing, according to the opposition site "
    "Deir Now. The same day, the group's commanders held exercises in the desert east of Deir ez-Zor. "
    "Two weeks earlier, a drone strike on its base near Al-Mayadin killed four members."
)


def _m(kind, phrase, value=None, nth=0, **attrs):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return Mention(kind, start, start + len(phrase), phrase, value=value, attrs=tuple(attrs.items()))


MENTIONS = [
    _m(MentionKind.ACTOR, "Al-Shahid Brigade", "al-shahid-brigade"),
    _m(MentionKind.QUANTITY, "more than 200 fighters", value=200, unit="fighter", qualifier="more than"),
    _m(MentionKind.QUANTITY, "several truckloads of rockets", unit="truckload"),
    _m(MentionKind.PLACE, "Iraq", "99237", lat=33.0, lon=44.0, country="IQ", precision="country"),
    _m(MentionKind.PLACE, "Syria", "163843", lat=35.0, lon=38.0, country="SY", precision="country"),
    _m(MentionKind.PLACE, "Al-Bukamal", "173811", lat=34.45, lon=40.92, country="SY"),
    _m(MentionKind.CITED_SOURCE, "Deir Now", "Deir Now"),
    _m(MentionKind.DATE, "On November 3", "2023-11-03", precision="day"),
    _m(MentionKind.DATE, "The same day", "2023-11-03", precision="day"),
    _m(MentionKind.PLACE, "east of Deir ez-Zor", "170794", lat=35.33, lon=40.3, country="SY", precision="near"),
    _m(MentionKind.DATE, "Two weeks earlier", "2023-10-20", precision="days"),
    _m(MentionKind.PLACE, "Al-Mayadin", "170017", lat=35.02, lon=40.45, country="SY"),
    _m(MentionKind.QUANTITY, "four members", value=4, unit="member", is_fatalities=True),
]


def _claims():
    return assemble_claims(TEXT, split_sentences(TEXT), MENTIONS, load_triggers(),
                           reference_date=date(2023, 11, 5), split_clauses=split_clauses)


def test_three_claims_with_types():
    claims = _claims()
    assert [c.event_type for c in claims] == [
        "strategic.movement_of_forces", "strategic.training_exercise", "explosions.air_drone_strike"]


def test_movement_roles_quantities_and_source():
    move = _claims()[0]
    assert [(a.name, a.role) for a in move.actors] == [("Al-Shahid Brigade", ActorRole.ACTOR)]
    roles = {p.name: p.role for p in move.places}
    assert roles == {"Iraq": PlaceRole.ORIGIN, "Syria": PlaceRole.DESTINATION, "Al-Bukamal": PlaceRole.VIA}
    assert (move.date, move.date_precision) == (date(2023, 11, 3), DatePrecision.DAY)
    assert [q.text for q in move.quantities] == ["more than 200 fighters", "several truckloads of rockets"]
    assert move.cited_source == "Deir Now"
    # every field points at the mention it came from
    assert MENTIONS[move.actors[0].mention_ids[0]].text == "Al-Shahid Brigade"
    assert MENTIONS[move.cited_source_mention_ids[0]].text == "Deir Now"


def test_exercise_inherits_actor_and_is_approximate():
    ex = _claims()[1]
    assert ex.actors[0].name == "Al-Shahid Brigade"  # "the group's commanders"
    assert ex.places[0].precision.value == "near"
    assert ex.date == date(2023, 11, 3)


def test_strike_targets_the_brigade_and_counts_fatalities():
    strike = _claims()[2]
    assert [(a.name, a.role) for a in strike.actors] == [("Al-Shahid Brigade", ActorRole.TARGET)]
    assert strike.fatalities == 4
    assert (strike.date, strike.date_precision) == (date(2023, 10, 20), DatePrecision.DAYS)
    assert [p.name for p in strike.places] == ["Al-Mayadin"]


def test_sentence_without_trigger_gives_no_claim():
    text = "The brigade is one of several Iran-backed groups in the province."
    assert assemble_claims(text, split_sentences(text), [], load_triggers()) == []


def test_background_is_marked():
    text = "The reports were published against a backdrop of attacks by militias on U.S. bases."
    militias = Mention(MentionKind.ACTOR, text.index("militias"), text.index("militias") + 8,
                       "militias", value="shiite-militias")
    claims = assemble_claims(text, split_sentences(text), [militias], load_triggers())
    assert claims and all(c.background for c in claims)


def test_trigger_without_any_evidence_is_not_a_claim():
    text = "It works with leaders in business to combat cyber jihad, and recruits."
    assert assemble_claims(text, split_sentences(text), [], load_triggers()) == []


def test_reporting_frame_is_not_the_actor():
    text = "The opposition website Deir Now reported that the Fatemiyoun moved fighters to Palmyra."
    ms = [Mention(MentionKind.CITED_SOURCE, text.index("Deir Now"), text.index("Deir Now") + 8, "Deir Now",
                  value="Deir Now"),
          Mention(MentionKind.ACTOR, text.index("Fatemiyoun"), text.index("Fatemiyoun") + 10, "Fatemiyoun",
                  value="liwa-fatemiyoun"),
          Mention(MentionKind.PLACE, text.index("Palmyra"), text.index("Palmyra") + 7, "Palmyra",
                  value="170017")]
    [claim] = assemble_claims(text, split_sentences(text), ms, load_triggers())
    assert [(a.actor_id, a.role) for a in claim.actors] == [("liwa-fatemiyoun", ActorRole.ACTOR)]
    assert claim.cited_source == "Deir Now"
    assert claim.places[0].role is PlaceRole.DESTINATION


def test_denied_event_is_no_claim():
    text = "Two weeks earlier a strike hit the base. No party claimed the strike."
    ms = [Mention(MentionKind.DATE, 0, 17, "Two weeks earlier", value="2023-10-20")]
    claims = assemble_claims(text, split_sentences(text), ms, load_triggers())
    assert "strategic.claim_of_responsibility" not in [c.event_type for c in claims]


# -- rules for the seed report and ar/fa posts: each on a small text of our own -----------------

def _mention(text, kind, phrase, value=None, nth=0, **attrs):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(kind, start, start + len(phrase), phrase, value=value, attrs=tuple(attrs.items()))


def _assemble(text, mentions, language="en", reference_date=date(2023, 11, 5)):
    return assemble_claims(text, split_sentences(text, language), mentions, load_triggers(), language=language,
                           reference_date=reference_date, split_clauses=split_clauses)


def test_a_name_before_held_is_the_subject_not_a_descriptor():
    text = "The Fatemiyoun Brigade held exercises near Palmyra, in the opposition-held desert."
    ms = [_mention(text, MentionKind.ACTOR, "Fatemiyoun Brigade", "liwa-fatemiyoun"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808")]
    [claim] = _assemble(text, ms)
    assert [(a.actor_id, a.role) for a in claim.actors] == [("liwa-fatemiyoun", ActorRole.ACTOR)]


def test_possessor_is_the_parent_and_the_unit_acts():
    text = "The IRGC's Quds Force held training exercises near Palmyra."
    ms = [_mention(text, MentionKind.ACTOR, "IRGC", "irgc"),
          _mention(text, MentionKind.ACTOR, "Quds Force", "irgc-quds-force")]
    [claim] = _assemble(text, ms)
    roles = {a.actor_id: a.role for a in claim.actors}
    assert roles == {"irgc": ActorRole.ASSOCIATED, "irgc-quds-force": ActorRole.ACTOR}


def test_subjects_joined_by_and_both_act():
    text = "The IRGC and the PMU sent 40 drone experts to Quneitra, in coordination with Hezbollah."
    ms = [_mention(text, MentionKind.ACTOR, "IRGC", "irgc"), _mention(text, MentionKind.ACTOR, "PMU", "pmf"),
          _mention(text, MentionKind.ACTOR, "Hezbollah", "hezbollah")]
    [claim] = _assemble(text, ms)
    roles = {a.actor_id: a.role for a in claim.actors}
    assert roles == {"irgc": ActorRole.ACTOR, "pmf": ActorRole.ACTOR, "hezbollah": ActorRole.ASSOCIATED}


def test_bystanders_are_no_participants_of_a_force_movement():
    text = "Five buses that usually carry pilgrims entered Syria carrying PMU operatives."
    ms = [_mention(text, MentionKind.ACTOR, "pilgrims", "civilians"), _mention(text, MentionKind.ACTOR, "PMU", "pmf"),
          _mention(text, MentionKind.PLACE, "Syria", "-3370023", country="SY", precision="country")]
    [claim] = _assemble(text, ms)
    assert [a.actor_id for a in claim.actors] == ["pmf"]


def test_group_noun_points_back_to_the_actor_it_came_in_with():
    text = ("Five buses entered Syria from Iraq carrying PMU operatives. A security escort was provided for the "
            "buses when they entered Syria by the Iranian security bureau. Several of the buses travelled to "
            "Al-Mayadin.")
    ms = [_mention(text, MentionKind.ACTOR, "PMU", "pmf"),
          _mention(text, MentionKind.ACTOR, "Iranian security bureau", "iranian-security-bureau-syria"),
          _mention(text, MentionKind.PLACE, "Al-Mayadin", "173480", lat=35.02, lon=40.45, country="SY")]
    claims = _assemble(text, ms)
    assert [[a.actor_id for a in c.actors if a.role is ActorRole.ACTOR] for c in claims] == [["pmf"]] * 3
    assert "iranian-security-bureau-syria" in [a.actor_id for a in claims[1].actors]


def test_a_report_continued_in_a_new_paragraph_keeps_its_day():
    text = ("On November 3, Deir Now reported that the Fatemiyoun held exercises near Palmyra.\n\n"
            "The website added that the militias launched a recruitment campaign in Al-Mayadin.")
    ms = [_mention(text, MentionKind.DATE, "On November 3", "2023-11-03", precision="day"),
          _mention(text, MentionKind.CITED_SOURCE, "Deir Now", "Deir Now"),
          _mention(text, MentionKind.CITED_SOURCE, "The website", "Deir Now"),
          _mention(text, MentionKind.ACTOR, "militias", "iran-backed-militias"),
          _mention(text, MentionKind.PLACE, "Al-Mayadin", "173480", lat=35.02, lon=40.45, country="SY")]
    recruitment = [c for c in _assemble(text, ms) if c.event_type == "strategic.recruitment"][0]
    assert (recruitment.date, recruitment.date_precision) == (date(2023, 11, 3), DatePrecision.DAY)
    assert recruitment.cited_source == "Deir Now"


def test_name_fragments_resolved_far_abroad_are_dropped():
    text = 'In Syria, the fighters travelled along the border to "Haql Al-Ward" and from there to Palmyra.'
    ms = [_mention(text, MentionKind.PLACE, "Syria", "-3370023", lat=35.0, lon=38.0, country="SY",
                   precision="country"),
          _mention(text, MentionKind.PLACE, "Haql", "106102", lat=29.29, lon=34.95, country="SA"),
          _mention(text, MentionKind.PLACE, "Al-Ward", "4135279", lat=35.03, lon=-91.95, country="US"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808", lat=34.56, lon=38.28, country="SY")]
    [claim] = _assemble(text, ms)
    assert [p.name for p in claim.places if p.precision.value == "place"] == ["Palmyra"]


def test_a_foreign_place_named_on_its_own_is_kept():
    text = "In Syria, the IRGC moved 200 fighters from Tehran to Palmyra."
    ms = [_mention(text, MentionKind.PLACE, "Syria", "-3370023", lat=35.0, lon=38.0, country="SY",
                   precision="country"),
          _mention(text, MentionKind.PLACE, "Tehran", "112931", lat=35.69, lon=51.42, country="IR"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808", lat=34.56, lon=38.28, country="SY")]
    [claim] = _assemble(text, ms)
    assert {p.name: p.role for p in claim.places if p.precision.value == "place"} == {
        "Tehran": PlaceRole.ORIGIN, "Palmyra": PlaceRole.DESTINATION}


def test_arabic_verb_first_subject_acts_and_the_object_is_the_target():
    text = "هاجم مسلحون مجهولون حاجزاً لقوات النظام في درعا."
    ms = [_mention(text, MentionKind.ACTOR, "مسلحون مجهولون", "unidentified-gunmen"),
          _mention(text, MentionKind.ACTOR, "قوات النظام", "syrian-arab-army")]
    [claim] = _assemble(text, ms, language="ar")
    roles = {a.actor_id: a.role for a in claim.actors}
    assert roles == {"unidentified-gunmen": ActorRole.ACTOR, "syrian-arab-army": ActorRole.TARGET}


def test_arabic_victims_counted_from_a_group_are_the_target():
    text = "قتل ٤ عناصر من كتائب حزب الله بغارة جوية قرب القائم."
    ms = [_mention(text, MentionKind.ACTOR, "كتائب حزب الله", "kataib-hezbollah")]
    [claim] = _assemble(text, ms, language="ar")
    assert [(a.actor_id, a.role) for a in claim.actors] == [("kataib-hezbollah", ActorRole.TARGET)]


def test_arabic_convoy_of_a_force_is_its_own_movement():
    text = "دخل رتل للحرس الثوري من العراق إلى دير الزور."
    ms = [_mention(text, MentionKind.ACTOR, "للحرس الثوري", "irgc")]
    [claim] = _assemble(text, ms, language="ar")
    assert [(a.actor_id, a.role) for a in claim.actors] == [("irgc", ActorRole.ACTOR)]


def test_farsi_target_after_positions_of():
    text = "در حمله پهپادی به مواضع کتائب حزب‌الله در نزدیکی القائم ۵ نفر کشته شدند."
    ms = [_mention(text, MentionKind.ACTOR, "کتائب حزب‌الله", "kataib-hezbollah")]
    [claim] = _assemble(text, ms, language="fa")
    assert [(a.actor_id, a.role) for a in claim.actors] == [("kataib-hezbollah", ActorRole.TARGET)]


def test_farsi_follow_on_sentence_extends_the_claim_with_its_date():
    text = "سپاه پاسداران ۲۰۰ نیرو از تهران به دمشق اعزام کرد. این نیروها روز ۱۲ آبان ۱۴۰۲ وارد سوریه شدند."
    ms = [_mention(text, MentionKind.ACTOR, "سپاه پاسداران", "irgc"),
          _mention(text, MentionKind.DATE, "روز ۱۲ آبان ۱۴۰۲", "2023-11-03", precision="day")]
    [claim] = _assemble(text, ms, language="fa")
    assert (claim.date, claim.date_precision) == (date(2023, 11, 3), DatePrecision.DAY)
    assert text[claim.start:claim.end] == text.rstrip()


def test_actor_of_a_subordinate_event_is_not_the_actor():
    text = "أعلنت منظمة بدر استنفار عناصرها في بعقوبة بعد هجوم لداعش."
    ms = [_mention(text, MentionKind.CITED_SOURCE, "منظمة بدر", "منظمة بدر"),
          _mention(text, MentionKind.ACTOR, "منظمة بدر", "badr-organization"),
          _mention(text, MentionKind.ACTOR, "داعش", "isis")]
    [claim] = _assemble(text, ms, language="ar")
    assert claim.event_type == "strategic.alert_readiness"
    roles = {a.actor_id: a.role for a in claim.actors}
    assert roles == {"badr-organization": ActorRole.ACTOR, "isis": ActorRole.ASSOCIATED}


def test_the_clause_own_trigger_is_never_a_subordinate_event():
    text = "Another man died after he was hit by a brick during a clash between protesters and police."
    ms = [_mention(text, MentionKind.ACTOR, "protesters", "protesters")]
    claims = _assemble(text, ms)
    assert claims and all(a.role is ActorRole.ACTOR for c in claims for a in c.actors)


def test_the_english_typer_is_not_asked_about_arabic():
    text = "قتل ٤ عناصر من كتائب حزب الله بغارة جوية قرب القائم."
    ms = [_mention(text, MentionKind.PLACE, "القائم", "92138", lat=34.39, lon=40.99, country="IQ")]
    asked = []

    def refine(texts):
        asked.extend(texts)
        return [("violence_against_civilians.attack", 0.9) for _ in texts]

    [claim] = assemble_claims(text, split_sentences(text, "ar"), ms, load_triggers(), language="ar",
                              split_clauses=split_clauses, refine_types=refine)
    assert asked == []
    assert claim.event_type == "explosions.air_drone_strike"


def test_a_group_noun_right_after_a_name_belongs_to_that_name():
    text = "Hezbollah fighters clashed with ISIS militants near Palmyra. The militants travelled toward Al-Sukhnah."
    ms = [_mention(text, MentionKind.ACTOR, "Hezbollah", "hezbollah"), _mention(text, MentionKind.ACTOR, "ISIS", "isis"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808", lat=34.56, lon=38.28, country="SY"),
          _mention(text, MentionKind.PLACE, "Al-Sukhnah", "163345", lat=34.89, lon=38.87, country="SY")]
    claims = _assemble(text, ms)
    fled = [c for c in claims if "travelled" in text[c.start:c.end]]
    assert fled and [a.actor_id for a in fled[0].actors if a.role is ActorRole.ACTOR] == ["isis"]


def test_a_name_before_a_media_noun_reports_and_does_not_act():
    text = "Syrian opposition sites: Hezbollah moved 60 fighters to Quneitra."
    ms = [_mention(text, MentionKind.ACTOR, "Syrian opposition", "syrian-opposition"),
          _mention(text, MentionKind.ACTOR, "Hezbollah", "hezbollah")]
    [claim] = _assemble(text, ms)
    assert [(a.actor_id, a.role) for a in claim.actors] == [("hezbollah", ActorRole.ACTOR)]


def test_the_recruits_are_the_recruiting_group_s_people():
    text = ("The Fatemiyoun Brigade opened a recruitment office in Al-Bukamal. "
            "Several of the recruits travelled to Palmyra.")
    ms = [_mention(text, MentionKind.ACTOR, "Fatemiyoun Brigade", "liwa-fatemiyoun"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808", lat=34.56, lon=38.28, country="SY")]
    claims = _assemble(text, ms)
    assert [[a.actor_id for a in c.actors] for c in claims] == [["liwa-fatemiyoun"], ["liwa-fatemiyoun"]]


def test_people_first_movement_is_a_trigger():
    text = "On 3 November 2023, Fatemiyoun fighters moved from Iraq to Palmyra."
    ms = [_mention(text, MentionKind.ACTOR, "Fatemiyoun", "liwa-fatemiyoun"),
          _mention(text, MentionKind.PLACE, "Iraq", "-3507850", lat=33.0, lon=44.0, country="IQ", precision="country"),
          _mention(text, MentionKind.PLACE, "Palmyra", "163808", lat=34.56, lon=38.28, country="SY")]
    [claim] = _assemble(text, ms)
    assert claim.event_type == "strategic.movement_of_forces"
    assert {p.name: p.role for p in claim.places} == {"Iraq": PlaceRole.ORIGIN, "Palmyra": PlaceRole.DESTINATION}


def test_dateline_city_is_not_the_event_place():
    text = "BEIRUT, Oct 12 (Levant Wire) - SDF fighters clashed with an ISIS cell in Deir ez-Zor."
    ms = [Mention(MentionKind.PLACE, 0, 6, "BEIRUT", value="276781", attrs=(("lat", 33.9), ("lon", 35.5))),
          Mention(MentionKind.ACTOR, text.index("SDF"), text.index("SDF") + 3, "SDF", value="sdf"),
          Mention(MentionKind.PLACE, text.index("Deir ez-Zor"), len(text) - 1, "Deir ez-Zor", value="170794",
                  attrs=(("lat", 35.3), ("lon", 40.1)))]
    [claim] = assemble_claims(text, split_sentences(text), ms, load_triggers())
    assert [p.name for p in claim.places] == ["Deir ez-Zor"]


def test_a_place_inside_an_organisations_name_is_not_where_it_happened():
    text = "The Aleppo Police Department said a car bomb exploded in Azaz on Monday."
    ms = [_mention(text, MentionKind.PLACE, "Aleppo", "170063", lat=36.2, lon=37.16, country="SY",
                   precision="place", in_name=True),
          _mention(text, MentionKind.PLACE, "Azaz", "170017", lat=36.59, lon=37.05, country="SY",
                   precision="place")]
    [claim] = _assemble(text, ms)
    assert [p.name for p in claim.places] == ["Azaz"]


def test_a_place_keeps_how_far_it_reaches():
    text = "A drone strike hit a convoy in Anbar on Thursday."
    start = text.index("Anbar")
    anbar = Mention(MentionKind.PLACE, start, start + 5, "Anbar", "99592",
                    attrs=(("lat", 33.35), ("lon", 41.31), ("country", "IQ"), ("precision", "admin"),
                           ("radius_km", 210.0)))
    claims = assemble_claims(text, split_sentences(text), [anbar], load_triggers(),
                             reference_date=date(2023, 11, 5), split_clauses=split_clauses)
    assert [(p.name, p.radius_km) for p in claims[0].places] == [("Anbar", 210.0)]
