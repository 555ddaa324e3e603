"""Actor knowledge base: YAML data (kb/data), its loader and validator, and the name matcher."""

from .loader import ActorKind, KnowledgeBase, KnowledgeBaseError, check_file, load_kb
from .matcher import ActorMatcher, default_matcher

__all__ = ["ActorKind", "ActorMatcher", "KnowledgeBase", "KnowledgeBaseError", "check_file",
           "default_matcher", "load_kb"]
