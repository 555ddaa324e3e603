"""Places: GeoNames gazetteer import, name index, toponym recognition and resolution.

    gaz = load_gazetteer(settings)
    GazetteerResolver(gaz).find("east of Deir Al-Zour")  # -> [records.Mention(kind=PLACE)]
"""

from __future__ import annotations

from ..errors import GazetteerError
from .gazetteer import Gazetteer
from .resolve import GazetteerResolver, haversine_km
from .storage import import_files, load_bundled, load_imported

__all__ = ["Gazetteer", "GazetteerResolver", "followed_countries", "haversine_km", "import_files",
           "load_gazetteer", "resolver_from_settings"]


def load_gazetteer(settings) -> Gazetteer:
    """The active gazetteer: the imported one if any (setting `gazetteer=auto`), else bundled."""
    choice = str(settings["gazetteer"]).lower()
    if choice not in ("auto", "bundled", "imported"):
        raise GazetteerError(f"unknown gazetteer setting {choice!r}",
                             hint="use auto, bundled or imported")
    if choice in ("auto", "imported"):
        gaz = load_imported(settings.data_path)
        if gaz is not None:
            return gaz
        if choice == "imported":
            raise GazetteerError("no imported gazetteer",
                                 hint="run `watchfloor gazetteer import FILE…` or `download`")
    return load_bundled(settings.cache_path)


def resolver_from_settings(settings) -> GazetteerResolver:
    """The resolver the pipeline reads places with: the active gazetteer, the NER if `geo_ner`."""
    return GazetteerResolver(load_gazetteer(settings), use_ner=bool(settings.geo_ner))


def followed_countries(settings) -> tuple[str, ...]:
    """The `geo_countries` setting: where an ambiguous place name leans."""
    from ..settings import split_list

    return tuple(c.upper() for c in split_list(settings.geo_countries))
