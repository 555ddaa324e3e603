"""The evidence archive: WARC files with SHA-256 hashes (see warc.py)."""

from .warc import ArchivedRecord, VerifyProblem, VerifyReport, WarcArchive

__all__ = ["ArchivedRecord", "VerifyProblem", "VerifyReport", "WarcArchive"]
