"""What `watchfloor annotate` writes under `predicted`: entities and events for one text.

Both come from one run of the extract pipeline (`Extractor.extract`), so that any scorer
(ours or someone else's) can compare them with a gold set; the record shapes are those of
../shared/eval/README.md. Unknown values are None, never placeholders.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from ..errors import ExtractError
from ..extract.entity_types import ner_spans, to_re3d
from ..records import ActorRole, Claim, ClaimPlace, Document, PlaceRole

if TYPE_CHECKING:
    from ..extract.run import Extractor
    from ..extract.steps import Extraction


def extract_text(text: str, *, extractor: Extractor, reference_date: date | str | None = None,
                 language: str | None = None) -> Extraction:
    """Run the pipeline on a bare text (gold sets carry no capture); English unless told."""
    published = None
    when = _as_date(reference_date)
    if when is not None:
        published = datetime.combine(when, time(12, 0))
    doc = Document(text=text, url="", canonical_url="", language=language or "en",
                   published_at=published)
    return extractor.extract(doc)


def predict_entities(text: str, *, extractor: Extractor, language: str | None = None,
                     extraction: Extraction | None = None) -> list[dict[str, Any]]:
    """Entity records {start, end, type, text} with re3d's type names, in text order.

    Pass `extraction` when the text was already extracted (annotate does both predictions).
    """
    ex = extraction or extract_text(text, extractor=extractor, language=language)
    lang = ex.language
    ner = ner_spans(text) if extractor.use_ner and lang == "en" else []
    return [s.as_record(text) for s in to_re3d(text, ex.mentions, ner, language=lang)]


def predict_events(text: str, *, extractor: Extractor, reference_date: date | str | None = None,
                   language: str | None = None,
                   extraction: Extraction | None = None) -> list[dict[str, Any]]:
    """Events in README's `predicted.events` shape; the first is the document's main event.

    The main event's type is the event typer's answer for the whole text (the claims' types
    when the extractor runs without the typer); its other fields come from the main claim:
    the earliest claim of that label, else the earliest claim. Other claims follow it.
    A text without claims still gets one event, with the type and nulls.
    """
    from ..extract.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    ex = extraction or extract_text(text, extractor=extractor, reference_date=reference_date,
                                    language=language)
    claims = [c for c in ex.claims if not c.background] or list(ex.claims)
    type_id = label = None
    if extractor.use_typer and text.strip():
        typed = extractor.typer.predict([text])[0]
        type_id, label = typed.type_id, typed.label

    def label_of(c: Claim) -> str | None:
        return taxonomy.label_of(c.event_type) if c.event_type in taxonomy.types else None

    main = min(claims, key=lambda c: (label is not None and label_of(c) != label, c.start),
               default=None)
    if type_id is None and main is not None:
        type_id, label = main.event_type, label_of(main)
    events = [_event(main, type_id, label, extractor)]
    for c in claims:
        if c is not main:
            events.append(_event(c, c.event_type, label_of(c), extractor))
    return events


def predict_all(text: str, *, extractor: Extractor, reference_date: date | str | None = None,
                language: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """{"entities": ..., "events": ...} from a single extraction of `text`."""
    ex = extract_text(text, extractor=extractor, reference_date=reference_date, language=language)
    return {"entities": predict_entities(text, extractor=extractor, extraction=ex),
            "events": predict_events(text, extractor=extractor, extraction=ex)}


# --- one event record ----------------------------------------------------------------------

def _event(claim: Claim | None, type_id: str | None, label: str | None,
           extractor: Extractor) -> dict[str, Any]:
    event: dict[str, Any] = {"type": type_id, "label": label, "actor1": None, "actor1_aliases": [],
                             "actor2": None, "actor2_aliases": [], "location": None, "date": None,
                             "date_precision": None, "fatalities": None, "cited_source": None}
    if claim is None:
        return event
    actor = next((a for a in claim.actors if a.role is ActorRole.ACTOR), None)
    target = next((a for a in claim.actors if a.role is ActorRole.TARGET), None)
    for key, who in (("actor1", actor), ("actor2", target)):
        if who is not None:
            event[key], event[f"{key}_aliases"] = _actor_names(who.name, who.actor_id, extractor)
    place = next((p for p in claim.places if p.role is PlaceRole.AT), None) or \
        (claim.places[0] if claim.places else None)
    event["location"] = _location(place)
    event["date"] = claim.date.isoformat() if claim.date else None
    event["date_precision"] = claim.date_precision.value if claim.date_precision else None
    event["fatalities"] = claim.fatalities
    event["cited_source"] = claim.cited_source
    return event


def _actor_names(name: str, actor_id: str | None, extractor: Extractor) -> tuple[str, list[str]]:
    """Canonical KB name and aliases for a claim actor (its own name when the KB lacks it)."""
    if not actor_id:
        return name, []
    from ..kb.loader import all_names

    kb = extractor.actor_matcher.kb
    if actor_id not in kb:
        return name, []
    actor = kb.get(actor_id)
    aliases = [n for n in dict.fromkeys(all_names(actor)) if n != actor.name]
    return actor.name, aliases


def _location(place: ClaimPlace | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon}


def _as_date(value: date | str | None) -> date | None:
    """A reference date given as a date, "YYYY-MM-DD" (a longer ISO timestamp is cut), or None."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ExtractError(f"reference date {value!r} is not a date",
                           hint='write it as "YYYY-MM-DD", or null when unknown') from None
