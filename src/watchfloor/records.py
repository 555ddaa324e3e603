"""Typed records passed between stages.

Each stage takes the previous stage's records and returns its own; only `store/` turns
them into rows. Words follow DESIGN.md: Source -> Capture -> Document -> Mention -> Claim
-> Event, with Actor and Place as reference data.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


class SourceKind(enum.StrEnum):
    RSS = "rss"
    WEB = "web"
    TELEGRAM = "telegram"
    FILE = "file"
    TEXT = "text"


class Reliability(enum.StrEnum):
    """Admiralty source reliability: A (reliable) .. E (unreliable), F (cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class MentionKind(enum.StrEnum):
    ACTOR = "actor"
    PLACE = "place"
    DATE = "date"
    QUANTITY = "quantity"
    WEAPON = "weapon"
    VEHICLE = "vehicle"
    CITED_SOURCE = "cited_source"
    PERSON = "person"
    ORGANISATION = "organisation"
    NATIONALITY = "nationality"


class ActorRole(enum.StrEnum):
    ACTOR = "actor"
    ASSOCIATED = "associated"
    TARGET = "target"


class PlaceRole(enum.StrEnum):
    AT = "at"
    ORIGIN = "origin"
    DESTINATION = "destination"
    VIA = "via"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    DAYS = "days"  # about a day, +/- a few days ("two weeks earlier")
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class PlacePrecision(enum.StrEnum):
    PLACE = "place"  # the named place itself
    NEAR = "near"  # near / east of / outskirts of a place
    ADMIN = "admin"  # an administrative area
    REGION = "region"  # part of a country ("southern Syria")
    COUNTRY = "country"


@dataclass(frozen=True)
class Source:
    """A place we watch."""

    name: str
    kind: SourceKind
    address: str
    language: str | None = None
    reliability: Reliability = Reliability.F
    poll_interval_s: int = 900
    id: int | None = None


@dataclass(frozen=True)
class Fetched:
    """What a connector brings back for one item, before it is archived."""

    url: str  # the item's address (as requested, or the canonical one a feed gave)
    final_url: str  # after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    media_type: str  # e.g. "text/html", "application/pdf", "text/plain"
    fetched_at: datetime
    #: Metadata the container gave (feed entry title/published/author, Telegram post id...).
    item_meta: tuple[tuple[str, str], ...] = ()
    not_modified: bool = False  # a 304 answer to a conditional GET: nothing new
    source_id: int | None = None

    def header(self, name: str) -> str | None:
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None

    def meta(self) -> dict[str, str]:
        return dict(self.item_meta)


@dataclass(frozen=True)
class Capture:
    """One fetch of one item; immutable and keyed by the SHA-256 of its payload."""

    url: str
    fetched_at: datetime
    status: int
    media_type: str
    sha256: str
    size: int
    headers: tuple[tuple[str, str], ...] = ()
    source_id: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: For items that came inside a container (a feed entry, a Telegram post): its own metadata.
    item_meta: tuple[tuple[str, str], ...] = ()
    id: int | None = None

    @staticmethod
    def hash_payload(payload: bytes) -> str:
        return hashlib.sha256(payload).hexdigest()

    def meta(self) -> dict[str, str]:
        return dict(self.item_meta)


@dataclass
class Document:
    """Text read from a capture. `text` is what every Mention's offsets point into."""

    text: str
    url: str
    canonical_url: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    site_name: str | None = None
    language: str | None = None
    language_score: float | None = None
    translation: str | None = None
    translation_backend: str | None = None
    fingerprint: str | None = None  # content hash of the normalised text
    capture_id: int | None = None
    capture_sha256: str | None = None
    source_id: int | None = None
    #: Maps offsets of `text` back to offsets in the extracted (pre-normalisation) text.
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    id: int | None = None


@dataclass(frozen=True)
class Mention:
    """A span of Document.text naming something, with what it resolved to."""

    kind: MentionKind
    start: int
    end: int
    text: str
    #: What the span resolved to: an actor id, a geonameid, an ISO date, a number...
    value: str | None = None
    #: Extra structured detail (lat/lon, precision, unit, qualifier...).
    attrs: tuple[tuple[str, Any], ...] = ()
    step: str | None = None  # the extract step that produced it, e.g. "places.gazetteer@1"
    id: int | None = None

    def attr(self, key: str, default: Any = None) -> Any:
        return dict(self.attrs).get(key, default)


@dataclass
class ClaimActor:
    name: str
    role: ActorRole
    actor_id: str | None = None
    mention_ids: list[int] = field(default_factory=list)


@dataclass
class ClaimPlace:
    name: str
    role: PlaceRole
    geonameid: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    precision: PlacePrecision = PlacePrecision.PLACE
    mention_ids: list[int] = field(default_factory=list)
    #: how far the place reaches from its point, when the gazetteer knows (a province, a desert)
    radius_km: float | None = None


@dataclass
class Quantity:
    value: float | None
    unit: str
    qualifier: str | None = None  # "more than", "about", "dozens"
    text: str = ""
    mention_ids: list[int] = field(default_factory=list)


@dataclass
class Claim:
    """One source's statement that something happened, each field tied to its mentions."""

    document_id: int | None
    event_type: str  # a taxonomy id, kept in data (extract/taxonomy)
    start: int  # span of the clause/sentence the claim was read from
    end: int
    actors: list[ClaimActor] = field(default_factory=list)
    places: list[ClaimPlace] = field(default_factory=list)
    date: date | None = None
    date_precision: DatePrecision | None = None
    date_mention_ids: list[int] = field(default_factory=list)
    fatalities: int | None = None
    fatalities_mention_ids: list[int] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    cited_source: str | None = None
    cited_source_mention_ids: list[int] = field(default_factory=list)
    confidence: float = 0.5
    background: bool = False
    steps: list[str] = field(default_factory=list)  # versions of the steps that produced it
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """Claims about one happening, merged."""

    event_type: str
    claim_ids: list[int]
    first_seen: datetime | None = None
    date: date | None = None
    date_precision: DatePrecision | None = None
    lat: float | None = None
    lon: float | None = None
    place_name: str | None = None
    actors: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    corroboration: int = 0  # independent origins
    reliability: Reliability = Reliability.F
    credibility: int = 6  # Admiralty 1 (confirmed) .. 6 (cannot be judged)
    contradictions: list[str] = field(default_factory=list)
    id: int | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> names
    country: str | None = None
    parent: str | None = None
    affiliations: tuple[str, ...] = ()
    acled_name: str | None = None


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    asciiname: str = ""
    alternatenames: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageReport:
    """What one stage run did; failures carry their reason so a cycle can go on."""

    stage: str
    done: int = 0
    skipped: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()
