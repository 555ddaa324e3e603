"""A post in a language without extraction rules is read through its translation, spans mapped back."""

from __future__ import annotations

import json

from werkzeug import Response

from watchfloor.pipeline import Context, ingest
from watchfloor.records import Source, SourceKind

# Turkish (no extraction rules of its own) and what a translation service would answer.
ORIGINAL = "3 Kasım 2023'te Fatemiyoun savaşçıları Irak'tan Palmyra'ya taşındı."
ENGLISH = "On 3 November 2023, Fatemiyoun fighters moved from Iraq to Palmyra."


def test_claims_from_a_translation_point_at_the_original(settings, httpserver, tmp_path):
    def libretranslate(request):
        body = request.get_json()
        qs = body["q"] if isinstance(body["q"], list) else [body["q"]]
        out = [ENGLISH if "Fatemiyoun" in q else q for q in qs]
        return Response(json.dumps({"translatedText": out if isinstance(body["q"], list) else out[0]}),
                        content_type="application/json")

    httpserver.expect_request("/translate", method="POST").respond_with_handler(libretranslate)
    settings = settings.replace(translation_backend="http", translation_protocol="libretranslate",
                                translation_url=httpserver.url_for("/translate"))
    post = tmp_path / "post.txt"
    post.write_text(ORIGINAL, encoding="utf-8")
    with Context.open(settings) as ctx:
        reports = ingest(ctx, Source("tr channel", SourceKind.FILE, str(post), language="tr"))
        assert reports[2].stage == "translate" and reports[2].done == 1
        [doc] = list(ctx.store.documents())
        assert doc.text == ORIGINAL and doc.translation.strip() == ENGLISH
        assert doc.translation_backend
        assert doc.language == "tr", (doc.language, ctx.store.extraction_notes(doc.id))
        [(_key, claim)] = ctx.store.claims(document_id=doc.id)
        assert claim.event_type == "strategic.movement_of_forces"
        mentions = {m.id: m for m in ctx.store.mentions(doc.id)}
        actor = mentions[claim.actors[0].mention_ids[0]]
        assert ORIGINAL[actor.start:actor.end] == "Fatemiyoun"
        place = next(p for p in claim.places if p.name.startswith("Palmyra") or "Tadmur" in p.name)
        m = mentions[place.mention_ids[0]]
        assert "Palmyra" in ORIGINAL[m.start:m.end]
        assert "translation" in " ".join(ctx.store.extraction_notes(doc.id))
