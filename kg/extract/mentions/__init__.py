"""Stage 1, mentions: typed candidate spans of one parsed article.

:mod:`.gather` runs the stage: the recognisers (:mod:`.forces`, :mod:`.places`,
:mod:`.operations`, :mod:`.persons`) propose :class:`.candidate.Cand` spans, overlaps are
settled, :mod:`.boundaries` repairs cuts the tagger got wrong, :mod:`.type_cues` settles
Place-or-Person and keeps one class per name, and :mod:`.article_names` and
:mod:`.nonentities` drop what is no entity (abstract nouns, demonyms, titles, outlets).
"""
