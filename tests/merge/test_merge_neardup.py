"""Near-duplicate documents: copies, partial copies and translations are found, others are not."""

from __future__ import annotations

from itertools import combinations

from watchfloor.merge import NearDuplicateIndex, document_overlap


def test_gold_copies_are_found_and_independent_reports_are_not(corpus):
    docs = corpus.documents
    found = {frozenset((a, b)) for a, b in combinations(sorted(docs), 2)
             if document_overlap(docs[a], docs[b]).is_copy}
    assert found == corpus.copies


def test_partial_copy_with_an_added_line_is_a_copy(corpus):
    ov = document_overlap(corpus.documents["r09"], corpus.documents["r10"])
    assert ov.is_copy and ov.jaccard < ov.containment


def test_translation_matches_its_original_through_the_translation(corpus):
    ov = document_overlap(corpus.documents["r06"], corpus.documents["r07"])
    assert ov.is_copy and ov.via == "translation"


def test_index_finds_earlier_copies_among_many(corpus):
    index = NearDuplicateIndex()
    for rid, doc in sorted(corpus.documents.items()):
        if rid not in ("r02", "r15", "r31"):
            index.add(rid, doc.text)
    assert [k for k, _ in index.copies_of(corpus.documents["r02"].text)] == ["r01"]
    assert [k for k, _ in index.copies_of(corpus.documents["r15"].text)] == ["r14"]
    assert index.copies_of("An entirely unrelated sentence about the weather in Erbil.") == []
