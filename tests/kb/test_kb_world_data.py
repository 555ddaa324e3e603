"""The bundled world.yaml: it loads with the other bundled files, and analysts' names find its actors."""

from __future__ import annotations

from collections import Counter

import pytest

from watchfloor.kb.loader import load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _world_ids(kb) -> list[str]:
    return [i for i, info in kb.info.items() if info.file.endswith("world.yaml")]


def test_world_file_loads_with_the_other_bundled_files(kb):
    assert len(_world_ids(kb)) >= 110


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("JNIM", "jnim"),
        ("Groupe de soutien à l'islam et aux musulmans", "jnim"),
        ("جماعة نصرة الإسلام والمسلمين", "jnim"),
        ("Katiba Macina", "katiba-macina"),
        ("Forces armées maliennes", "mali-armed-forces"),
        ("FAMa", "mali-armed-forces"),
        ("Volontaires pour la défense de la patrie", "vdp"),
        ("Front de libération de l'Azawad", "fla"),
        ("Boko Haram", "boko-haram"),
        ("Civilian JTF", "cjtf"),
        ("Harakat al-Shabaab al-Mujahideen", "al-shabaab"),
        ("حركة الشباب المجاهدين", "al-shabaab"),
        ("Macawisley", "maawisley"),
        ("AUSSOM", "aussom"),
        ("M23", "m23"),
        ("Forces armées de la République démocratique du Congo", "fardc"),
        ("قوات الدعم السريع", "rsf"),
        ("Sudanese Armed Forces", "saf"),
        ("ፋኖ", "fano"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("تحریک طالبان پاکستان", "ttp"),
        ("Islamic Emirate of Afghanistan", "taliban"),
        ("Lashkar-e-Tayyiba", "lashkar-e-taiba"),
        ("Tatmadaw", "tatmadaw"),
        ("တပ်မတော်", "tatmadaw"),
        ("Three Brotherhood Alliance", "three-brotherhood-alliance"),
        ("Bagong Hukbong Bayan", "npa"),
        ("Ejército de Liberación Nacional", "eln"),
        ("Autodefensas Gaitanistas de Colombia", "clan-del-golfo"),
        ("Cártel de Jalisco Nueva Generación", "cjng"),
        ("Viv Ansanm", "viv-ansanm"),
        ("ЗСУ", "ukrainian-armed-forces"),
        ("Вооружённые силы Украины", "ukrainian-armed-forces"),
        ("Росгвардия", "rosgvardia"),
        ("Русский добровольческий корпус", "russian-volunteer-corps"),
        ("Azərbaycan Silahlı Qüvvələri", "azerbaijani-armed-forces"),
    ],
)
def test_names_analysts_use_find_the_actor(kb, name, actor_id):
    assert actor_id in [a.id for a in kb.lookup(name)]


def test_sahel_components_roll_up_to_jnim_aqim_and_al_qaeda(kb):
    chain = [a.id for a in kb.ancestors("katiba-macina")]
    assert chain == ["jnim", "aqim", "al-qaeda"]


def test_world_groups_point_at_islamic_state_provinces_defined_elsewhere(kb):
    assert kb.actors["adf"].parent == "iscap"
    assert "is-sahel" in kb.actors["lakurawa"].affiliations


def test_somalia_missions_point_at_their_successors(kb):
    assert kb.info["amisom"].successor == "atmis"
    assert kb.info["atmis"].successor == "aussom"


def test_acled_names_are_not_shared_between_world_actors(kb):
    names = Counter(kb.actors[i].acled_name for i in _world_ids(kb) if kb.actors[i].acled_name)
    assert [n for n, count in names.items() if count > 1] == []


def test_national_forces_with_acled_period_names_carry_a_country(kb):
    for actor_id in _world_ids(kb):
        actor = kb.actors[actor_id]
        if actor.acled_name and actor.acled_name.startswith(("Military Forces of", "Police Forces of")):
            assert actor.country, actor_id


@pytest.mark.parametrize(
    "text",
    [
        "Let the report show that the PDFs were sent to the cobra handler in Lisbon.",
        "Junta forces and regime forces were mentioned in a general essay about coups.",
        "The joint force of NATO exercised; the local force was ready; Shane spoke.",
        "The CPC congress met in Beijing while the ANP held a rally in Peshawar.",
        "FAB-500 glide bombs hit Kharkiv after a DRG crossed the border, the IEA and FRG noted.",
    ],
)
def test_ordinary_words_do_not_name_world_actors(kb, text):
    from watchfloor.kb.matcher import default_matcher

    world = set(_world_ids(kb))
    assert [m.text for m in default_matcher().find(text) if m.value in world] == []
