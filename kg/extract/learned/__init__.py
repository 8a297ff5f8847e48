"""Learned extraction layers trained from gold files (the contract's format).

- :mod:`~kg.extract.learned.gold`: gold files -> typed character spans of every located name.
"""
