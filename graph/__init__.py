"""The RDF graph: vocabularies, stable IRIs, building triples, the store."""
