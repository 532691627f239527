"""Pixels and OCR: page rendering, pages made upright, the OCR engines, tables on OCR'd pages."""
