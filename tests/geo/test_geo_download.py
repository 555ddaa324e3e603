"""`gazetteer download` against a real HTTP server on 127.0.0.1 serving GeoNames files."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from geo_fixtures import write_dumps

from watchfloor.cli import cli
from watchfloor.errors import GazetteerError
from watchfloor.geo.download import download, file_choices
from watchfloor.geo.storage import load_imported


def _serve(httpserver, folder, names):
    httpserver.no_handler_status_code = 404  # like a real server: a missing dump is a 404
    for name in names:
        httpserver.expect_request(f"/dump/{name}").respond_with_data((folder / name).read_bytes())


def test_download_falls_back_to_gzip_name_and_imports(httpserver, settings, tmp_path, shared_dir):
    geonames = shared_dir / "data" / "geonames"
    _serve(httpserver, geonames, ["cities15000.zip", "admin1CodesASCII.txt", "admin2Codes.txt",
                                  "countryInfo.txt"])
    s = settings.replace(geonames_base_url=httpserver.url_for("/dump/"))
    seen = []
    paths = download(s, ["cities15000"], lambda name, got, total: seen.append(name))
    assert [p.name for p in paths][0] == "cities15000.zip"
    assert "cities15000.zip" in seen


def test_download_command_imports_what_it_fetched(httpserver, settings, tmp_path):
    files = write_dumps(tmp_path / "dumps")
    # the places dump is published as a per-country file: SY.txt (no zip on this server)
    (tmp_path / "dumps" / "SY.txt").write_bytes(files[0].read_bytes())
    _serve(httpserver, tmp_path / "dumps", ["SY.txt", "admin1CodesASCII.txt", "countryInfo.txt"])
    httpserver.expect_request("/dump/admin2Codes.txt").respond_with_data("SY.07.01\tX\tX\t1\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["--set", f"data_dir={settings.data_path}",
                                 "--set", f"geonames_base_url={httpserver.url_for('/dump/')}",
                                 "gazetteer", "download", "SY"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "places" in result.output and "GeoNames" in result.output
    gaz = load_imported(settings.data_path)
    assert "Deir ez-Zor" in gaz.names


def test_truncated_download_is_refused_and_nothing_is_replaced(httpserver, settings, tmp_path):
    files = write_dumps(tmp_path / "dumps")
    import zipfile

    zp = tmp_path / "dumps" / "SY.zip"
    with zipfile.ZipFile(zp, "w") as zf:
        zf.write(files[0], "SY.txt")
    httpserver.expect_request("/dump/SY.zip").respond_with_data(zp.read_bytes()[:-40])
    s = settings.replace(geonames_base_url=httpserver.url_for("/dump/"))
    with pytest.raises(GazetteerError, match="corrupt"):
        download(s, ["SY"])
    assert not (settings.data_path / "gazetteer" / "downloads" / "SY.zip").exists()


def test_missing_file_and_unknown_names_are_clear_errors(httpserver, settings):
    httpserver.no_handler_status_code = 404
    s = settings.replace(geonames_base_url=httpserver.url_for("/nothing/"))
    with pytest.raises(GazetteerError, match="none of"):
        download(s, ["SY"])
    with pytest.raises(GazetteerError, match="unknown GeoNames dump"):
        file_choices("cities42")
