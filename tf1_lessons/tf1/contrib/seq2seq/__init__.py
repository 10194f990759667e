"""``tf.contrib.seq2seq`` for graph-mode TF1 code: helpers, ``BasicDecoder``, ``dynamic_decode``,
Bahdanau and Luong attention with ``AttentionWrapper``, ``BeamSearchDecoder``, ``tile_batch``,
``gather_tree``, ``hardmax`` and ``sequence_loss``.

Written here from TF 1.15's documented behaviour and what TF 1.15.5 builds and prints (the
``seq2seq_attention_beam`` corpus script: a model trained, decoded greedily and with beam search,
every line as TF 1.15.5 printed it), never from its sources. The variables keep TF 1.15's names
and shapes (``memory_layer/kernel``, ``decoder/attention_wrapper/bahdanau_attention/attention_v``,
``.../attention_layer/kernel``...), so checkpoints restore across the two.

* Helpers give a decoder its inputs: ``TrainingHelper`` reads the given sequence (teacher
  forcing), ``GreedyEmbeddingHelper`` feeds back the embedding of the argmax,
  ``SampleEmbeddingHelper`` of a sample from the logits, ``InferenceHelper`` / ``CustomHelper``
  what the caller's functions say.
* ``dynamic_decode`` runs ``decoder.step`` in a ``while_loop`` (under the ``decoder`` scope) until
  every sequence has finished or ``maximum_iterations``; ``impute_finished`` zeroes outputs and
  keeps states past a sequence's end; outputs are batch major unless ``output_time_major``.
* ``BeamSearchDecoder`` keeps ``beam_width`` hypotheses per sequence, scored by their summed log
  probability divided by the length penalty ``((5 + length) / 6) ** length_penalty_weight``;
  ``finalize`` follows the parents back (``gather_tree``) to the predicted ids, and re-orders
  the alignment history by beam where TF 1.15's shape check let it (a batch size unknown when
  building: a static one is refused with TF 1.15's warning).

TensorFlow 2.21 has no ``GatherTree`` kernel: :func:`gather_tree` is built from a ``while_loop``
and gathers (its result is the kernel's: ids at and after a beam's first end token are the end
token), its op count set to the one op TF 1.15 made. The monotonic attentions follow Raffel et al.
(2017) as TF 1.15 documented them; the scheduled-sampling helpers mix teacher forcing with the
model's own samples or outputs.
"""

from __future__ import annotations

from .attention_wrapper import (
    AttentionMechanism,
    AttentionWrapper,
    AttentionWrapperState,
    BahdanauAttention,
    BahdanauMonotonicAttention,
    LuongAttention,
    LuongMonotonicAttention,
    hardmax,
    monotonic_attention,
    safe_cumprod,
)
from .basic_decoder import (
    BasicDecoder,
    BasicDecoderOutput,
)
from .beam_search_decoder import (
    BeamSearchDecoder,
    BeamSearchDecoderOutput,
    BeamSearchDecoderState,
    FinalBeamSearchDecoderOutput,
    tile_batch,
)
from .beam_search_ops import (
    gather_tree,
)
from .decoder import (
    Decoder,
    dynamic_decode,
)
from .helper import (
    CustomHelper,
    GreedyEmbeddingHelper,
    Helper,
    InferenceHelper,
    SampleEmbeddingHelper,
    ScheduledEmbeddingTrainingHelper,
    ScheduledOutputTrainingHelper,
    TrainingHelper,
)
from .loss import (
    sequence_loss,
)

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BahdanauMonotonicAttention",
    "BasicDecoder",
    "BasicDecoderOutput",
    "BeamSearchDecoder",
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "CustomHelper",
    "Decoder",
    "FinalBeamSearchDecoderOutput",
    "GreedyEmbeddingHelper",
    "Helper",
    "InferenceHelper",
    "LuongAttention",
    "LuongMonotonicAttention",
    "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper",
    "TrainingHelper",
    "dynamic_decode",
    "gather_tree",
    "hardmax",
    "monotonic_attention",
    "safe_cumprod",
    "sequence_loss",
    "tile_batch",
]
