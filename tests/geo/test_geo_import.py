"""Importing GeoNames dumps: all or nothing, idempotent, clear errors for bad files."""

from __future__ import annotations

import gzip
import zipfile

import pytest
from geo_fixtures import PLACES, geoname_line, write_dumps

from watchfloor.errors import GazetteerError
from watchfloor.geo import load_gazetteer
from watchfloor.geo.storage import db_path, import_files, index_path, load_imported


def test_import_plain_gzip_and_zip_dumps(tmp_path, settings):
    files = write_dumps(tmp_path / "dumps")
    gz = tmp_path / "extra.txt.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(geoname_line((1, "Testville", "Testville", "", 10.0, 10.0, "P", "PPL", "SY", "07", "", 5)))
    zp = tmp_path / "XX.zip"
    with zipfile.ZipFile(zp, "w") as zf:
        zf.writestr("XX.txt", geoname_line((2, "Zipton", "Zipton", "", 11.0, 11.0, "P", "PPL", "IQ", "01", "", 5)))
    gaz = import_files(settings.data_path, [*files, gz, zp])
    names = set(gaz.names)
    assert {"Testville", "Zipton", "Deir ez-Zor", "Syria", "Iraq"} <= names
    assert gaz.kind == "imported"
    assert load_gazetteer(settings).summary()["places"] == len(gaz)


def test_reimport_is_idempotent(tmp_path, settings):
    files = write_dumps(tmp_path / "dumps")
    first = import_files(settings.data_path, files)
    second = import_files(settings.data_path, files)
    assert len(first) == len(second)
    assert sorted(first.ids) == sorted(second.ids)


def test_derived_points_for_countries_and_admin_areas(tiny_resolver):
    gaz = tiny_resolver.gaz
    row = gaz.admin1_rows["SY.07"]
    assert gaz.fcode[row] == "ADM1" and gaz.derived[row]
    # the middle of the land nearer its towns than Palmyra, Damascus or Quneitra: Syria's east
    # (the fixture's only towns east of Palmyra are its own, so it takes the whole north-east)
    assert 34.4 <= gaz.lat[row] <= 36.5 and 39.3 <= gaz.lon[row] <= 41.5
    assert gaz.precision_of(gaz.country_rows["SY"]) == "country"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"1\tonly\tthree\n", "columns"),
    (b"PK\x03\x04 this is not really a zip", "corrupt"),
    (b"\x1f\x8b\x08\x00garbage", "corrupt"),
])
def test_bad_dumps_are_refused_and_leave_the_gazetteer_intact(tmp_path, settings, content, message):
    good = import_files(settings.data_path, write_dumps(tmp_path / "dumps"))
    before = (db_path(settings.data_path).read_bytes(), index_path(settings.data_path).read_bytes())
    bad = tmp_path / "cities500.txt"
    bad.write_bytes(content)
    with pytest.raises(GazetteerError, match=message):
        import_files(settings.data_path, [bad])
    after = (db_path(settings.data_path).read_bytes(), index_path(settings.data_path).read_bytes())
    assert before == after
    assert len(load_imported(settings.data_path)) == len(good)
    assert not [p for p in db_path(settings.data_path).parent.iterdir() if p.suffix == ".tmp"]


def test_bad_row_midway_aborts_the_whole_import(tmp_path, settings):
    rows = "".join(geoname_line(r) for r in PLACES) + "99\tBroken\trow\n"
    bad = tmp_path / "SY.txt"
    bad.write_text(rows, encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"SY.txt:13"):
        import_files(settings.data_path, [bad])
    assert load_imported(settings.data_path) is None


def test_huge_names_are_stored_but_not_indexed(tmp_path, settings):
    huge = "A" * 10_000
    f = tmp_path / "huge.txt"
    f.write_text(geoname_line((3, huge, huge, "", 1.0, 1.0, "P", "PPL", "SY", "", "", 1)), encoding="utf-8")
    gaz = import_files(settings.data_path, [f])
    assert huge in gaz.names


def test_stale_index_is_rebuilt_from_the_database(tmp_path, settings):
    gaz = import_files(settings.data_path, write_dumps(tmp_path / "dumps"))
    index_path(settings.data_path).write_bytes(b"not a pickle")
    again = load_imported(settings.data_path)
    assert again is not None and len(again) == len(gaz)


def test_unknown_gazetteer_setting_is_a_clear_error(settings):
    with pytest.raises(GazetteerError, match="unknown gazetteer"):
        load_gazetteer(settings.replace(gazetteer="nonsense"))


def test_unused_tables_are_skipped_with_a_note(tmp_path, settings):
    files = write_dumps(tmp_path / "dumps")
    hierarchy = tmp_path / "hierarchy.txt"
    hierarchy.write_text("6295630\t6255146\tADM\n", encoding="utf-8")
    notes: list[str] = []
    gaz = import_files(settings.data_path, [*files, hierarchy], progress=notes.append)
    assert any("skipped hierarchy.txt" in n for n in notes)
    assert "Deir ez-Zor" in gaz.names
    with pytest.raises(GazetteerError, match="none of the files"):
        import_files(settings.data_path, [hierarchy])
