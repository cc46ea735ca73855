"""Records -> RDF: builders by record kind (build.py), canonical serialisation, atomic writes (write.py)."""
