"""Claims to JSON and back, with enums and dates restored to their types."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from ..records import (
    ActorRole,
    Claim,
    ClaimActor,
    ClaimPlace,
    DatePrecision,
    PlacePrecision,
    PlaceRole,
    Quantity,
)


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    d = asdict(claim)
    d["date"] = claim.date.isoformat() if claim.date else None
    return d


def claim_to_json(claim: Claim) -> str:
    return json.dumps(claim_to_dict(claim), ensure_ascii=False, default=str)


def claim_from_dict(d: dict[str, Any]) -> Claim:
    d = dict(d)
    d["actors"] = [ClaimActor(**{**a, "role": ActorRole(a["role"])}) for a in d.get("actors", [])]
    d["places"] = [
        ClaimPlace(**{**p, "role": PlaceRole(p["role"]), "precision": PlacePrecision(p["precision"])})
        for p in d.get("places", [])
    ]
    d["quantities"] = [Quantity(**q) for q in d.get("quantities", [])]
    d["date"] = date.fromisoformat(d["date"]) if d.get("date") else None
    d["date_precision"] = DatePrecision(d["date_precision"]) if d.get("date_precision") else None
    return Claim(**d)


def claim_from_json(text: str) -> Claim:
    return claim_from_dict(json.loads(text))
