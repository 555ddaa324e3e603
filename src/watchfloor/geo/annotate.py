"""Gold-set documents in, the same documents with a `predicted.toponyms` list out.

Format: ../shared/eval/README.md. In resolution mode (`given_toponyms=True`) the document's
own toponym spans are kept and only their coordinates are filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
    text = doc.get("text")
    if not isinstance(text, str):
        raise GazetteerError(f"document {doc.get('id')!r} has no text", hint="each line needs \"text\"")
    if given_toponyms:
        spans = []
        for t in doc.get("toponyms") or []:
            s, e = int(t["start"]), int(t["end"])
            if not (0 <= s < e <= len(text)):
                raise GazetteerError(f"document {doc.get('id')!r}: span {s}-{e} outside the text")
            spans.append((s, e))
        mentions = resolver.resolve_spans(text, spans)
    else:
        mentions = [m for m in resolver.find(text) if not m.attr("relative")]
    out = dict(doc)
    predicted = dict(out.get("predicted") or {})
    predicted["toponyms"] = [toponym_record(m) for m in mentions]
    out["predicted"] = predicted
    return out


def read_jsonl(lines: Iterable[str], source: str = "input") -> Iterator[dict[str, Any]]:
    """Documents of a JSON Lines stream, with a clear error for a bad line."""
    for _n, doc in iter_jsonl(lines, source, GazetteerError):
        yield doc
