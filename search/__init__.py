"""Passage search: dense (FAISS), keyword (BM25) and their fusion."""
