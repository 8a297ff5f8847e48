"""Stage 2, entities: candidate mentions merged into one entity per thing the text names.

:mod:`.coreference` decides which mentions are the same entity (folded names, acronyms,
surnames, spelling variants); :mod:`.geocode` holds coordinates to the article's countries.
The entities themselves are assembled in :func:`kg.extract.pipeline.build_entities`.
"""
