"""Answering a question from retrieved evidence, stage by stage.

The stages (one module each): question analysis, evidence units, unit scoring, the extractive
answerer (no model), the generative answerer (a local GGUF model or vLLM over the same
OpenAI-compatible path) and verification of a generated answer against the units it cites.
"""
