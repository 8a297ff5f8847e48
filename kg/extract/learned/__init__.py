"""Learned extraction layers trained from gold files (the contract's format).

- :mod:`~kg.extract.learned.settings`: which extractor runs (rules, learned, hybrid) and from
  which weights directory.
- :mod:`~kg.extract.learned.gold`: gold files -> typed character spans of every located name.
- :mod:`~kg.extract.learned.mentions`: a BILOU mention tagger over the pinned pipeline's
  vectors; ``train_mentions`` writes it, ``load_tagger`` reads it (``mentions/`` of the
  weights directory).
- :mod:`~kg.extract.learned.merge`: the tagger's spans combined with the rule candidates.
- :mod:`~kg.extract.learned.corpus`, :mod:`~kg.extract.learned.features`,
  :mod:`~kg.extract.learned.relations`, :mod:`~kg.extract.learned.train_relations`: the
  relation classifier and the parsed corpus it learns from; :mod:`~kg.extract.learned.word_classes`
  gives its features word classes that carry across theatres, and
  :mod:`~kg.extract.learned.thresholds` its decision thresholds.
- :mod:`~kg.extract.learned.train`, :mod:`~kg.extract.learned.crossval`: ``kg train`` and
  leave-one-group-out evaluation.
"""
