"""mscexo-ld: the findings of a review on MSC-derived exosomes as validated linked data.

The flow: curated input (data/) -> typed records (records, load) -> builders (build) ->
RDF graph -> release files (serialize) -> validation (validate/) -> queries (query).
"""

__version__ = "0.1.0"
