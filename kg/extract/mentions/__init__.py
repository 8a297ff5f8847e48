"""Stage 1, mentions: typed candidate spans of one parsed article.

:mod:`.gather` runs the stage: the recognisers (:mod:`.forces`, :mod:`.places`,
:mod:`.operations`, :mod:`.persons`, and :mod:`.shared_heads` for names sharing one plural
head) propose :class:`.candidate.Cand` spans, overlaps are settled, :mod:`.boundaries` repairs
cuts the tagger got wrong, :mod:`.type_cues` settles Place-or-Person and keeps one class per
name, :mod:`.agency` decides Force-or-Place from what each mention of a name does, and
:mod:`.article_names` and :mod:`.nonentities` drop what is no entity (abstract nouns,
demonyms, titles, outlets).
"""
