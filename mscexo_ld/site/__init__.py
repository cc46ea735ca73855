"""site: the release as a static, browsable HTML site (``build/site/``) and the ontology's documentation page."""
