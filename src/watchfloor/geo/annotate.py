"""Gold-set documents in, the same documents with a `predicted.toponyms` list out.

Format: ../shared/eval/README.md. In resolution mode (`given_toponyms=True`) the document's
own toponym spans are kept and only their coordinates are filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ..errors import GazetteerError
from ..eval.jsonl import iter_jsonl
from ..records import Mention
from .resolve import GazetteerResolver


def toponym_record(m: Mention) -> dict[str, Any]:
    """One predicted toponym in the gold-set shape (unknown values are null)."""
    a = dict(m.attrs)
    return {"start": m.start, "end": m.end, "name": m.text, "lat": a.get("lat"),
            "lon": a.get("lon"), "geonameid": m.value, "precision": a.get("precision"),
            "country": a.get("country") or None, "feature_code": a.get("feature_code")}


def annotate_doc(resolver: GazetteerResolver, doc: dict[str, Any], *,
                 given_toponyms: bool = False) -> dict[str, Any]:
    """The document with `predicted.toponyms` added (other predicted keys kept)."""
    text = _text_of(doc)
    if given_toponyms:
        spans = []
        for t in doc.get("toponyms") or []:
            s, e = int(t["start"]), int(t["end"])
            if not (0 <= s < e <= len(text)):
                raise GazetteerError(f"document {doc.get('id')!r}: span {s}-{e} outside the text")
            spans.append((s, e))
        return _with_toponyms(doc, resolver.resolve_spans(text, spans))
    return _with_toponyms(doc, _named(resolver.find(text)))


#: Documents that share one pass of the NER when annotating end to end (`find_many`).
BATCH = 32


def annotate_docs(resolver: GazetteerResolver, docs: Iterable[dict[str, Any]], *,
                  given_toponyms: bool = False, batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """`annotate_doc` over a stream, in order; end to end, `batch` documents at a time.

    A bad line in the stream stops it where it stands: the documents before it still come
    out first."""
    if given_toponyms:
        yield from (annotate_doc(resolver, d, given_toponyms=True) for d in docs)
        return
    it = iter(docs)
    while True:
        chunk: list[dict[str, Any]] = []
        try:
            chunk.extend(islice(it, batch))  # keeps what came before a bad line
        except Exception:
            yield from _annotated(resolver, chunk)
            raise
        if not chunk:
            return
        yield from _annotated(resolver, chunk)


def _annotated(resolver: GazetteerResolver, chunk: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The chunk annotated end to end together, up to a document without text (which
    then raises)."""
    texts: list[str] = []
    error = None
    for d in chunk:
        try:
            texts.append(_text_of(d))
        except GazetteerError as exc:
            error = exc
            break
    found = resolver.find_many(texts) if texts else []
    yield from (_with_toponyms(d, _named(ms)) for d, ms in zip(chunk, found, strict=False))
    if error is not None:
        raise error


def _text_of(doc: dict[str, Any]) -> str:
    text = doc.get("text")
    if not isinstance(text, str):
        raise GazetteerError(f"document {doc.get('id')!r} has no text", hint="each line needs \"text\"")
    return text


def _named(mentions: list[Mention]) -> list[Mention]:
    """Without relative phrases ("east of X"): the gold sets mark the name alone."""
    return [m for m in mentions if not m.attr("relative")]


def _with_toponyms(doc: dict[str, Any], mentions: list[Mention]) -> dict[str, Any]:
    """A copy of the document holding the mentions as `predicted.toponyms`."""
    out = dict(doc)
    predicted = dict(out.get("predicted") or {})
    predicted["toponyms"] = [toponym_record(m) for m in mentions]
    out["predicted"] = predicted
    return out


def read_jsonl(lines: Iterable[str], source: str = "input") -> Iterator[dict[str, Any]]:
    """Documents of a JSON Lines stream, with a clear error for a bad line."""
    for _n, doc in iter_jsonl(lines, source, GazetteerError):
        yield doc
