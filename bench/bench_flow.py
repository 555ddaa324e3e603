"""Measure the whole flow on the merge corpus: HTML files -> ingest -> read -> extract -> merge.

    python bench/bench_flow.py [--corpus PATH] [--keep DIR] [--failures] [--no-ner]

Each of the 51 hand-written reports of tests/data/merge/corpus.yaml is written as a small HTML
page (<title>, <meta property="article:published_time">, <html lang>) in one folder per outlet;
each outlet is ingested as a file Source named as in the corpus, through `pipeline.ingest`, and
`pipeline.merge_events` builds the stored events. The stored claims are then compared with the
corpus's gold happenings:

- an extracted claim takes the happening of the gold claim of its report whose span it overlaps
  most ("matched"); a claim that overlaps no gold span is an "extra" (background, another
  happening the annotator did not label, or a misplaced span). P/R are over matched claims that
  sit in an event; "report-labelled" P/R give every event claim the happening of its report's
  nearest gold span instead;
- coverage: reports yielding >= 1 claim, >= 1 claim in an event, >= 1 matched claim;
- type: matched claims whose type (and type family) equals the gold claim's;
- corroboration: for each happening, the event holding most of its matched claims, its
  corroboration count against the corpus's expected independent origins.

The test tests/pipeline/test_flow_corpus.py imports `run_flow` from this file and pins floors.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from watchfloor.merge import ClaimContext, MergeConfig, bcubed_prf, pairwise_prf, type_family
from watchfloor.merge.evaluation import PRF
from watchfloor.merge.features import features_of
from watchfloor.merge.scoring import gate_failure, score_pair
from watchfloor.pipeline import Context, ingest, merge_events
from watchfloor.records import Claim, Reliability, Source, SourceKind
from watchfloor.settings import load_settings

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "merge" / "corpus.yaml"


# -- the corpus as the flow sees it -----------------------------------------------------------


@dataclass(frozen=True)
class GoldClaim:
    happening: str
    event_type: str
    start: int
    end: int


@dataclass(frozen=True)
class Report:
    id: str
    source: str
    published: str
    language: str
    text: str  # whitespace collapsed, as the corpus loader does
    gold: tuple[GoldClaim, ...]


def load_reports(path: Path = CORPUS) -> tuple[list[Report], dict[str, int]]:
    """The corpus's reports with their gold claims, and the expected origins per happening."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    reports = []
    for rep in data["reports"]:
        text = " ".join(rep["text"].split())
        gold = []
        for c in rep.get("claims", []):
            span = " ".join(c.get("span", "").split())
            start = text.find(span) if span else 0
            gold.append(GoldClaim(c["happening"], c["type"], max(start, 0),
                                  (start + len(span)) if span and start >= 0 else len(text)))
        published = rep["published"]
        published = published.isoformat() if hasattr(published, "isoformat") else str(published)
        reports.append(Report(rep["id"], rep["source"], published.replace("+00:00", "Z"),
                              rep.get("language", "en"), text, tuple(gold)))
    return reports, dict(data.get("expected_origins") or {})


def outlet_reliability(path: Path = CORPUS) -> dict[str, Reliability]:
    """The Admiralty grade the corpus gives each outlet (grades feed the events' credibility)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {s["name"]: Reliability(s.get("reliability", "F")) for s in data["sources"]}


def report_page(report: Report) -> str:
    """A minimal news page the reader understands: title, published time, language, one article.

    The title stays in <head> only: a headline in the body would become part of the text and
    lend the extractor words ("Levant Wire: report r06") the real page would not have."""
    title = f"{report.source}: report {report.id}"
    return (
        f'<!DOCTYPE html>\n<html lang="{report.language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta property="article:published_time" content="{report.published}">'
        f'<meta property="og:site_name" content="{html.escape(report.source)}">'
        f"</head><body><article><p>{html.escape(report.text)}</p></article></body></html>\n"
    )


def write_pages(reports: list[Report], folder: Path) -> dict[str, Path]:
    """One folder per outlet holding its reports as <report id>.html; outlet name -> folder."""
    folders: dict[str, Path] = {}
    for report in reports:
        outlet = folders.setdefault(report.source, folder / f"outlet{len(folders) + 1:02d}")
        outlet.mkdir(parents=True, exist_ok=True)
        (outlet / f"{report.id}.html").write_text(report_page(report), encoding="utf-8")
    return folders


# -- running the flow ---------------------------------------------------------------------------


@dataclass
class StoredClaim:
    key: str
    claim: Claim
    report: str
    text: str  # the claim's span in the stored document
    event: str | None  # stored event key, None when the claim is in no event (background)
    happening: str | None = None  # from the best-overlapping gold span, None for an extra
    gold_type: str | None = None
    nearest: str | None = None  # happening of the report's nearest gold span (report-labelled)


@dataclass
class FlowRun:
    """What one run of the flow stored, with timings."""

    reports: list[Report]
    expected_origins: dict[str, int]
    claims: list[StoredClaim]
    events: list[dict]
    documents: dict[str, str]  # report id -> stored document text
    seconds_total: float
    seconds_startup: float  # building the extractor and loading its models
    stage_failures: list[str] = field(default_factory=list)
    contexts: dict[str, ClaimContext] = field(default_factory=dict)  # claim key -> merge input
    seconds_models: dict[str, float] = field(default_factory=dict)  # model -> load seconds

    @property
    def reports_per_second(self) -> float:
        return len(self.reports) / self.seconds_total if self.seconds_total else 0.0


def _report_of(url: str) -> str:
    return Path(unquote(urlsplit(url).path)).stem


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _distance(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, max(a0, b0) - min(a1, b1))


def _locate_gold(report: Report, doc_text: str) -> list[GoldClaim]:
    """Gold spans re-located in the stored text (the reader may shift offsets slightly)."""
    located = []
    for g in report.gold:
        span = report.text[g.start:g.end]
        at = doc_text.find(span)
        if at < 0:
            at = doc_text.find(" ".join(span.split()))
        located.append(GoldClaim(g.happening, g.event_type, at, at + len(span)) if at >= 0 else g)
    return located


def run_flow(data_dir: Path, corpus: Path = CORPUS, *, extractor=None, use_ner: bool = True,
             progress=None) -> FlowRun:
    """Ingest every corpus report through the real pipeline into data_dir; return what was stored."""
    from watchfloor.extract.run import Extractor

    reports, expected = load_reports(corpus)
    grades = outlet_reliability(corpus)
    pages = data_dir / "pages"
    folders = write_pages(reports, pages)
    settings = load_settings(config_file=None, environ={},
                             overrides=[f"data_dir={data_dir / 'data'}", "host_delay_s=0"])
    failures: list[str] = []
    t0 = time.perf_counter()
    loaded: dict[str, float] = {}
    if extractor is None:
        extractor = Extractor(settings, use_ner=use_ner)
        # load the models now, so start-up is measured on its own; "places" builds the bundled
        # gazetteer's index in the fresh data folder on first use
        for name in ("actor_matcher", "places", "triggers", "typer") + (("ner",) if use_ner else ()):
            t = time.perf_counter()
            getattr(extractor, name)
            loaded[name] = time.perf_counter() - t
    t_models = time.perf_counter()
    with Context.open(settings, progress=progress) as ctx:
        for outlet, folder in folders.items():
            source = Source(outlet, SourceKind.FILE, str(folder), reliability=grades[outlet])
            for rep in ingest(ctx, source, extractor):
                failures.extend(f"{rep.stage}: {e}" for e in rep.errors)
        final = merge_events(ctx)
        failures.extend(f"merge: {e}" for e in final.errors)
        t_end = time.perf_counter()
        by_report = {r.id: r for r in reports}
        doc_report: dict[int, str] = {}
        documents: dict[str, str] = {}
        for doc in ctx.store.documents():
            rid = _report_of(doc.url)
            doc_report[doc.id] = rid
            documents[rid] = doc.text
        events = ctx.store.events(limit=100_000)
        event_of = {ck: ev["key"] for ev in events for ck in ev["data"]["claim_keys"]}
        contexts = {key: ClaimContext(claim, doc, source)
                    for key, claim, doc, source in ctx.store.claim_contexts()}
        claims = []
        for key, claim in ctx.store.claims():
            rid = doc_report[claim.document_id]
            text = documents[rid]
            sc = StoredClaim(key, claim, rid, text[claim.start:claim.end], event_of.get(key))
            gold = _locate_gold(by_report[rid], text)
            if gold:
                best = max(gold, key=lambda g: _overlap(claim.start, claim.end, g.start, g.end))
                if _overlap(claim.start, claim.end, best.start, best.end) > 0:
                    sc.happening, sc.gold_type = best.happening, best.event_type
                near = min(gold, key=lambda g: (-_overlap(claim.start, claim.end, g.start, g.end),
                                                _distance(claim.start, claim.end, g.start, g.end)))
                sc.nearest = near.happening
            claims.append(sc)
    return FlowRun(reports, expected, claims, events, documents, t_end - t0, t_models - t0,
                   failures, contexts, loaded)


# -- scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowScores:
    bcubed: PRF
    pairwise: PRF
    bcubed_by_report: PRF  # every event claim labelled by its report's nearest gold span
    pairwise_by_report: PRF
    reports: int
    reports_with_claim: int
    reports_with_event_claim: int
    reports_with_matched_claim: int
    claims: int
    claims_in_events: int
    matched_claims: int
    type_exact: float
    type_family: float
    corroboration_exact: int
    corroboration_total: int
    events: int
    happenings: int


def score(run: FlowRun) -> FlowScores:
    """Compare the stored partition with the gold happenings (see the module docstring)."""
    by_event: dict[str, list[str]] = defaultdict(list)
    for c in run.claims:
        if c.event is not None:
            by_event[c.event].append(c.key)
    partition = list(by_event.values())
    matched = {c.key: c.happening for c in run.claims if c.event and c.happening}
    nearest = {c.key: c.nearest for c in run.claims if c.event and c.nearest}
    with_claim = {c.report for c in run.claims}
    with_event = {c.report for c in run.claims if c.event}
    with_match = {c.report for c in run.claims if c.event and c.happening}
    typed = [c for c in run.claims if c.happening]
    exact = sum(c.claim.event_type == c.gold_type for c in typed)
    family = sum(type_family(c.claim.event_type) == type_family(c.gold_type) for c in typed)
    corro = corroboration_rows(run)
    return FlowScores(
        bcubed=bcubed_prf(partition, matched), pairwise=pairwise_prf(partition, matched),
        bcubed_by_report=bcubed_prf(partition, nearest),
        pairwise_by_report=pairwise_prf(partition, nearest),
        reports=len(run.reports), reports_with_claim=len(with_claim),
        reports_with_event_claim=len(with_event), reports_with_matched_claim=len(with_match),
        claims=len(run.claims), claims_in_events=sum(1 for c in run.claims if c.event),
        matched_claims=len(matched),
        type_exact=exact / len(typed) if typed else 0.0,
        type_family=family / len(typed) if typed else 0.0,
        corroboration_exact=sum(1 for r in corro if r[2] == r[1]),
        corroboration_total=len(corro), events=len(run.events),
        happenings=len({g.happening for r in run.reports for g in r.gold}),
    )


def corroboration_rows(run: FlowRun) -> list[tuple[str, int, int | None, int, int]]:
    """(happening, expected origins, corroboration of its main event or None, claims of the
    happening in that event, claims of that event) for every gold happening."""
    events = {ev["key"]: ev for ev in run.events}
    held: dict[str, Counter] = defaultdict(Counter)
    for c in run.claims:
        if c.event and c.happening:
            held[c.happening][c.event] += 1
    rows = []
    for happening in sorted(run.expected_origins):
        if not held[happening]:
            rows.append((happening, run.expected_origins[happening], None, 0, 0))
            continue
        key, n = min(held[happening].items(), key=lambda kv: (-kv[1], kv[0]))
        ev = events[key]
        rows.append((happening, run.expected_origins[happening], ev["corroboration"], n,
                     len(ev["data"]["claim_keys"])))
    return rows


# -- printing ----------------------------------------------------------------------------------


def print_scores(run: FlowRun, s: FlowScores) -> None:
    rows = [
        ("reports", f"{s.reports} ({s.happenings} happenings)"),
        ("reports with >= 1 claim", f"{s.reports_with_claim} ({s.reports_with_claim / s.reports:.0%})"),
        ("reports with >= 1 claim in an event",
         f"{s.reports_with_event_claim} ({s.reports_with_event_claim / s.reports:.0%})"),
        ("reports with >= 1 claim on a gold span",
         f"{s.reports_with_matched_claim} ({s.reports_with_matched_claim / s.reports:.0%})"),
        ("claims stored / in events / on a gold span",
         f"{s.claims} / {s.claims_in_events} / {s.matched_claims}"),
        ("events stored", str(s.events)),
        ("B-cubed P / R / F1 (claims on a gold span)", _prf(s.bcubed)),
        ("pairwise P / R / F1 (claims on a gold span)", _prf(s.pairwise)),
        ("B-cubed P / R / F1 (every event claim, report-labelled)", _prf(s.bcubed_by_report)),
        ("pairwise P / R / F1 (every event claim, report-labelled)", _prf(s.pairwise_by_report)),
        ("type exact / family agreement (claims on a gold span)",
         f"{s.type_exact:.3f} / {s.type_family:.3f}"),
        ("corroboration == expected origins (main event)",
         f"{s.corroboration_exact} / {s.corroboration_total}"),
        ("start-up (extractor models loaded)", f"{run.seconds_startup:.1f} s"),
        ("end to end incl. start-up", f"{run.seconds_total:.1f} s, {run.reports_per_second:.2f} reports/s"),
        ("end to end after start-up",
         f"{run.seconds_total - run.seconds_startup:.1f} s, "
         f"{s.reports / max(1e-9, run.seconds_total - run.seconds_startup):.2f} reports/s"),
        ("model loading, s", ", ".join(f"{k} {v:.1f}" for k, v in run.seconds_models.items())),
        ("stage failures", str(len(run.stage_failures))),
    ]
    width = max(len(r[0]) for r in rows)
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


def _prf(p: PRF) -> str:
    return f"{p.precision:.3f} / {p.recall:.3f} / {p.f1:.3f}"


def print_failures(run: FlowRun) -> None:
    """Per-report detail: what was extracted, where it went, and each happening's events."""
    for f in run.stage_failures:
        print("FAILED", f)
    claims_of: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in run.claims:
        claims_of[c.report].append(c)
    ev_label = {ev["key"]: f"E{i:02d}" for i, ev in enumerate(
        sorted(run.events, key=lambda e: (e["date"] or "", e["key"])), 1)}
    print("\n## per report")
    for r in run.reports:
        gold = ", ".join(f"{g.happening} {g.event_type}" for g in r.gold)
        print(f"\n{r.id} [{r.source}] gold: {gold}")
        if not claims_of[r.id]:
            print("   (no claim)")
        for c in claims_of[r.id]:
            cl = c.claim
            actors = "; ".join(f"{a.name}({a.role.value})" for a in cl.actors)
            places = "; ".join(
                f"{p.name}({p.precision.value}, {p.country}, "
                f"{'-' if p.lat is None else f'{p.lat:.2f},{p.lon:.2f}'})" for p in cl.places)
            where = ev_label.get(c.event, "--background/none--") if c.event else "--no event--"
            print(f"   {where} {c.happening or 'extra':5} {cl.event_type} date={cl.date} "
                  f"{cl.date_precision.value if cl.date_precision else ''} bg={cl.background}"
                  f"\n      actors=[{actors}] places=[{places}] fat={cl.fatalities} "
                  f"cited={cl.cited_source!r}\n      span={c.text[:140]!r}")
    print("\n## events")
    members: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in run.claims:
        if c.event:
            members[c.event].append(c)
    for ev in sorted(run.events, key=lambda e: ev_label[e["key"]]):
        labels = Counter(c.happening or f"extra:{c.report}" for c in members[ev["key"]])
        print(f"{ev_label[ev['key']]} {ev['event_type']} {ev['date']} {ev['place_name']} "
              f"corr={ev['corroboration']} {dict(labels)}")
    print("\n## corroboration (happening, expected, main event's, claims there / event size)")
    for row in corroboration_rows(run):
        print("  ", row)
    print("\n## why a happening is split (first claim of each event, pairwise)")
    for happening, a, b, why in split_reasons(run):
        print(f"  {happening} {a.report} ~ {b.report}: {why}")
    print("\n## why claims of different happenings were joined")
    for ev_key, a, b, why in join_reasons(run):
        print(f"  {ev_label[ev_key]} {a.report}:{a.happening or 'extra'} ~ "
              f"{b.report}:{b.happening or 'extra'}: {why}")


def _pair_reason(run: FlowRun, a: StoredClaim, b: StoredClaim) -> str:
    """The merge stage's own pairwise verdict on two stored claims."""
    config = MergeConfig()
    fa, fb = features_of(run.contexts[a.key]), features_of(run.contexts[b.key])
    gate = gate_failure(fa, fb, config)
    if gate:
        return f"gate: {gate}"
    pair = score_pair(fa, fb, config)
    verdict = "above" if pair.score >= config.threshold else "below"
    return f"{verdict} threshold {config.threshold}: " + "; ".join(pair.reasons())


def split_reasons(run: FlowRun) -> list[tuple[str, StoredClaim, StoredClaim, str]]:
    """For each happening spread over several events: why their first claims were kept apart."""
    out = []
    by_happening: dict[str, dict[str, StoredClaim]] = defaultdict(dict)
    for c in run.claims:
        if c.event and c.happening:
            by_happening[c.happening].setdefault(c.event, c)
    for happening in sorted(by_happening):
        firsts = sorted(by_happening[happening].values(), key=lambda c: c.report)
        for i, a in enumerate(firsts):
            for b in firsts[i + 1:]:
                out.append((happening, a, b, _pair_reason(run, a, b)))
    return out


def join_reasons(run: FlowRun) -> list[tuple[str, StoredClaim, StoredClaim, str]]:
    """For each event holding claims of different happenings (or extras of other reports)."""
    out = []
    members: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in run.claims:
        if c.event:
            members[c.event].append(c)
    for key, claims in members.items():
        firsts: dict[str, StoredClaim] = {}
        for c in claims:
            firsts.setdefault(c.happening or f"extra:{c.report}", c)
        labels = sorted(firsts)
        for i, la in enumerate(labels):
            for lb in labels[i + 1:]:
                out.append((key, firsts[la], firsts[lb], _pair_reason(run, firsts[la], firsts[lb])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="keep the data folder here (must not exist)")
    parser.add_argument("--failures", action="store_true", help="print per-report detail")
    parser.add_argument("--no-ner", action="store_true", help="run the extractor without NER")
    args = parser.parse_args(argv)
    if args.keep and args.keep.exists():
        print(f"{args.keep} exists; give a new folder", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wf-flow-"))
    try:
        run = run_flow(folder, args.corpus, use_ner=not args.no_ner)
        print_scores(run, score(run))
        if args.failures:
            print_failures(run)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
