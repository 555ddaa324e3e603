"""The default extract pipeline: Document -> Mentions -> Claims.

Steps run in order; each says what it requires and assigns (see steps.py), so
`watchfloor extract --list` can describe the pipeline and a broken order is refused.
Models (actor matcher, gazetteer, NER, event typer) load once per Extractor.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property

from ..errors import WatchfloorError
from ..records import Document, Mention, MentionKind
from ..settings import Settings
from .steps import Extraction, Step, check_pipeline, run_steps

# Languages the extract rules read directly (triggers, dates, numbers, cited-source cues).
NATIVE_LANGUAGES = frozenset({"en", "ar", "fa"})

_LEADING_DATE = re.compile(
    r"\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?:\d{1,2},\s+)?\d{4}\b")


class Extractor:
    """Holds the loaded models; `extract(document)` runs every step on one document."""

    def __init__(self, settings: Settings, *, use_ner: bool = True, use_typer: bool = True):
        self.settings = settings
        self.use_ner = use_ner
        self.use_typer = use_typer
        self.steps = default_steps(self)
        check_pipeline(self.steps)

    # -- models, loaded on first use ---------------------------------------------------------

    @cached_property
    def actor_matcher(self):
        from ..kb.loader import files_from_settings, load_kb
        from ..kb.matcher import ActorMatcher

        return ActorMatcher(load_kb(files_from_settings(self.settings)))

    @cached_property
    def places(self):
        from ..geo import resolver_from_settings

        return resolver_from_settings(self.settings)

    @cached_property
    def followed_countries(self) -> tuple[str, ...]:
        """The `geo_countries` setting: where an ambiguous place name leans."""
        from ..geo import followed_countries

        return followed_countries(self.settings)

    @cached_property
    def ner(self):
        from .entities import EntityRecognizer

        return EntityRecognizer()

    @cached_property
    def typer(self):
        from .typing import load_event_typer

        return load_event_typer()

    @cached_property
    def clause_typer(self):
        """The typer that refines claim types: lexical only unless `typer_embeddings` is set,
        because the embedding stage costs ~40 ms per sentence it sees (the whole-text typer,
        `typer`, keeps the cascade for event typing of snippets)."""
        if self.settings.typer_embeddings:
            return self.typer
        from .typing.model import LEXICAL_MODEL, load_event_typer

        return load_event_typer(str(LEXICAL_MODEL))

    @cached_property
    def triggers(self):
        from .triggers import load_triggers

        return load_triggers()

    # -- running -----------------------------------------------------------------------------

    def extract(self, document: Document) -> Extraction:
        """Run every step; a document in a language the rules do not cover is read through its
        translation (when one is stored), and every span is mapped back to the original."""
        if document.language not in NATIVE_LANGUAGES and document.translation:
            return self._extract_translated(document)
        ex = Extraction(document=document, reference_date=reference_date(document))
        if document.language and document.language not in NATIVE_LANGUAGES:
            ex.notes.append(f"language {document.language!r} has no extraction rules and no translation: "
                            "actors, places, dates and numbers found where the scripts allow")
        return run_steps(self.steps, ex)

    def _extract_translated(self, document: Document) -> Extraction:
        from ..read.translate import (
            alignment_for,
            claim_to_original,
            mention_to_original,
            translation_view,
        )

        view = translation_view(document, "en")
        ex = run_steps(self.steps, Extraction(document=view, reference_date=reference_date(document)))
        alignment = alignment_for(document)
        if alignment is None:
            ex.notes.append("translation could not be aligned: spans point into the translation")
            ex.document = document
            return ex
        ex.mentions = [mention_to_original(m, alignment) for m in ex.mentions]
        ex.claims = [claim_to_original(c, alignment) for c in ex.claims]
        ex.notes.append(f"extracted from the {document.translation_backend} translation; spans mapped back")
        ex.document = document
        return ex

    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]


def reference_date(document: Document) -> date | None:
    """The date relative expressions count from: published date, else a date near the top."""
    if document.published_at:
        return document.published_at.date()
    m = _LEADING_DATE.search(document.text[:600])
    if m:
        import dateparser

        parsed = dateparser.parse(m.group(), languages=["en"])
        if parsed:
            return parsed.date()
    return None


def default_steps(x: Extractor) -> list[Step]:
    """The built-in steps, in order. Outside steps would be added the same way."""

    def sentences(ex: Extraction) -> None:
        from .sentences import split_sentences

        ex.sentences = split_sentences(ex.text, ex.language)

    def actors(ex: Extraction) -> None:
        ex.mentions.extend(x.actor_matcher.find(ex.text, language=ex.language, on=ex.reference_date))

    def places(ex: Extraction) -> None:
        ex.mentions.extend(x.places.find(ex.text, language=ex.language, country_hint=x.followed_countries))

    def dates(ex: Extraction) -> None:
        from .dates import find_dates

        ex.mentions.extend(find_dates(ex.text, reference=ex.reference_date, language=ex.language))

    def quantities(ex: Extraction) -> None:
        from .quantities import find_quantities

        # fatalities are the quantities marked is_fatalities; claims read them from there
        ex.mentions.extend(find_quantities(ex.text, ex.language))

    def attribution(ex: Extraction) -> None:
        from .attribution import find_cited_sources

        ex.mentions.extend(find_cited_sources(ex.text, ex.language))

    def weapons(ex: Extraction) -> None:
        from .weapons import find_weapons

        ex.mentions.extend(find_weapons(ex.text, ex.language))

    def entities(ex: Extraction) -> None:
        if not x.use_ner or ex.language != "en":
            if ex.language != "en":
                ex.notes.append(f"no NER model for language {ex.language!r}: KB and gazetteer only")
            return
        # NER only where a claim can come from (a sentence holding an event trigger) and the
        # knowledge base found no actor: that is where an unknown organisation matters.
        actors = [m.start for m in ex.mentions if m.kind is MentionKind.ACTOR]
        spans = [(s, e) for s, e in ex.sentences
                 if not any(s <= a < e for a in actors) and x.triggers.find(ex.text, s, e, "en")]
        taken = [(m.start, m.end) for m in ex.mentions]
        for m in x.ner.find(ex.text, spans):
            if m.kind in (MentionKind.ORGANISATION, MentionKind.PERSON) and not _overlaps(m, taken):
                ex.mentions.append(m)

    def claims(ex: Extraction) -> None:
        from .assemble import assemble_claims
        from .sentences import split_clauses

        refine = None
        if x.use_typer:
            def refine(texts):
                return [(p.type_id, p.score) for p in x.clause_typer.predict(list(texts))]

        ex.claims = assemble_claims(
            ex.text, ex.sentences, ex.mentions, x.triggers, language=ex.language,
            reference_date=ex.reference_date, split_clauses=split_clauses, refine_types=refine,
            steps=x.step_ids(),
        )

    def step(name, version, requires, assigns, fn, help_):
        return Step(name, version, frozenset(requires), frozenset(assigns), fn, help_)

    return [
        step("sentences", 1, {"Document.text"}, {"Extraction.sentences"}, sentences,
             "sentence spans for en/ar/fa"),
        step("actors.kb", 1, {"Document.text"}, {"Mention.actor"}, actors,
             "actor knowledge-base aliases (all scripts)"),
        step("places.gazetteer", 1, {"Document.text"}, {"Mention.place"}, places,
             "GeoNames toponyms, resolved to coordinates"),
        step("dates", 1, {"Document.text"}, {"Mention.date"}, dates,
             "absolute and relative dates, anchored on the document date and the text's chronology"),
        step("quantities", 1, {"Document.text"}, {"Mention.quantity"}, quantities,
             "quantities and fatalities"),
        step("attribution", 1, {"Document.text"}, {"Mention.cited_source"}, attribution,
             "who the source cites"),
        step("weapons", 1, {"Document.text"}, {"Mention.weapon"}, weapons, "weapons and vehicles"),
        step("entities.ner", 1, {"Extraction.sentences", "Mention.actor", "Mention.place"},
             {"Mention.organisation"}, entities, "spaCy NER for organisations the KB lacks (English)"),
        step("claims.assemble", 1,
             {"Extraction.sentences", "Mention.actor", "Mention.place", "Mention.date",
              "Mention.quantity", "Mention.cited_source"},
             {"Claim"}, claims, "event triggers + classifier -> claims with roles and evidence"),
    ]


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in spans)


def safe_extract(extractor: Extractor, document: Document) -> Extraction:
    """Extract, turning any failure into a note so one document never stops a batch."""
    try:
        return extractor.extract(document)
    except WatchfloorError as exc:
        ex = Extraction(document=document)
        ex.notes.append(str(exc))
        return ex
