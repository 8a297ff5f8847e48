"""Stage 3, relations: the rule layer's relations and incidents between an article's entities.

:mod:`.context` indexes the entities' mentions by sentence and finds the hostile groups;
:mod:`.rules` runs the rules in order: unit structure and :mod:`.part_of`, operations and
their places (:mod:`.place_roles`), :mod:`.containment`, :mod:`.threats`,
:mod:`.incidents` (events with attackers, targets, places and dates: :mod:`.event_words` finds
the words that tell a discrete event, :mod:`.event_coref` makes one incident of all the mentions
of one event) and
:mod:`.affiliation` (persons' forces and places). :mod:`.nominals` reads "the army", "the
division's" and "the mission's" back as the named force they stand for.
"""
