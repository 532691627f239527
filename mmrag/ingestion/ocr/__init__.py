"""Pixels and OCR: page rendering and deskew, the OCR engines, tables on OCR'd pages."""
