"""kg's benchmark (``python -m bench``) and its synthetic corpus generator (:mod:`bench.synth`)."""
