"""Charts read from pixels and OCR boxes: the shared axis toolkit, bar charts, scatter plots."""
