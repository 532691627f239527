"""PDFs: the digital text layer, figure and chart regions, the page-parallel pipeline."""
