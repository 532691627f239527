"""Image files: OCR text plus figure and chart regions, as a one-page scan."""
