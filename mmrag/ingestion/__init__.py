"""Ingestion: detect, extract per modality, chunk, embed and index (imports only platform)."""
