"""Exporters: the release graph in further formats, one module per format, listed in registry.py."""
