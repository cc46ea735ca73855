"""The version of the package, its ontology and its data: the one place it is written."""

__version__ = "0.1.0"
