"""Learned extraction layers trained from gold files (the contract's format).

- :mod:`~kg.extract.learned.gold`: gold files -> typed character spans of every located name.
- :mod:`~kg.extract.learned.mentions`: a BILOU mention tagger over the pinned pipeline's
  vectors; ``train_mentions`` writes it, ``load_tagger`` reads it (shipped weights in
  ``weights/mentions/``, or ``$KG_EXTRACTOR/mentions``).
- :mod:`~kg.extract.learned.merge`: the tagger's spans combined with the rule candidates
  (``KG_EXTRACTOR_MODE`` = rules | learned | hybrid).
"""
