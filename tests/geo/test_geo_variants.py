"""Other forms of a place name: what an analyst writes versus what GeoNames lists."""

from watchfloor.geo.variants import name_variants


def names(text):
    return [v.name for v in name_variants(text)]


def test_admin_area_wordings():
    assert names("Fars Province")[0] == "Fars"
    assert names("Plymouth Co.")[:2] == ["Plymouth County", "Plymouth"]  # county before town
    assert names("Gwinnett")[0] == "Gwinnett County"
    assert names("Democratic Republic of Congo")[0] == "Democratic Republic of the Congo"
    assert names("Republic of the Congo")[0] == "Republic of Congo"


def test_demonyms_point_to_their_place():
    assert "Ohio" in names("Ohioans")
    assert "Ontario" in names("Ontarians")
    assert "Europe" in names("European")
    assert "South Ossetia" in names("South Ossetians")
    assert "Czech" in names("Czechs")


def test_features_and_parts_of_places():
    assert "Los Angeles" in names("Port of Los Angeles")
    assert "Santa Clara" in names("Santa Clara Valley")
    assert "London" in names("North London")
    assert "Montreal" in names("Montreal-Pierre Elliott Trudeau International Airport")
    assert not [n for n in names("Lake Lanier") if n.endswith("County")]


def test_nothing_to_vary():
    assert name_variants("") == []
    assert name_variants("12345") == []
