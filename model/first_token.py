"""A BERT classifier whose last encoder layer runs for the first token only.

A BERT sequence classifier reads one vector: the last layer's output at [CLS],
the first token. Within a layer, everything after the key and value projections
works on each query row alone (attention over the keys, output projection,
residual, LayerNorm, feed-forward), so in the last layer only [CLS]'s row is
needed: its keys and values still come from every token. For MiniLM-L6 that
skips about 14% of the matrix work and gives the same logits (to float rounding).
"""

import torch
from torch import nn
from transformers import BertForSequenceClassification
from transformers.modeling_outputs import SequenceClassifierOutput


def first_token_classifier(network: nn.Module) -> nn.Module:
    """`network` with its last layer run for the first token only, where that is exact:
    a BERT encoder classifying from its pooled first token. Any other network comes back as it is."""
    # `_attn_implementation` is how transformers itself reads the attention kind (no public
    # getter in 5.x); tests/test_first_token.py fails if it changes within the pinned release.
    if (
        isinstance(network, BertForSequenceClassification)
        and not network.config.is_decoder
        and network.bert.pooler is not None
        and network.config._attn_implementation in ("eager", "sdpa")
    ):
        return FirstTokenBert(network)
    return network


class FirstTokenBert(nn.Module):
    """Inference-only stand-in for a `BertForSequenceClassification`: same call, same `.logits`."""

    def __init__(self, network: BertForSequenceClassification) -> None:
        super().__init__()
        self.network = network

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> SequenceClassifierOutput:
        bert = self.network.bert
        hidden = bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        # Added to attention scores: 0 where a key is a token, the dtype's lowest value where it is padding.
        padding = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        *earlier, last = bert.encoder.layer
        for layer in earlier:
            hidden = layer(hidden, padding)
        pooled = bert.pooler(_first_token_output(last, hidden, padding))
        return SequenceClassifierOutput(logits=self.network.classifier(self.network.dropout(pooled)))


def _first_token_output(layer: nn.Module, hidden: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
    """`layer`'s output at the first position, shape (batch, 1, width): the arithmetic of
    Hugging Face's BertLayer with eager attention, for one query row."""
    attention = layer.attention.self
    batch = hidden.shape[0]

    def by_head(states: torch.Tensor) -> torch.Tensor:
        """(batch, tokens, width) -> (batch, heads, tokens, head width)."""
        split = states.view(batch, -1, attention.num_attention_heads, attention.attention_head_size)
        return split.transpose(1, 2)

    first = hidden[:, :1]
    query = by_head(attention.query(first))
    key, value = by_head(attention.key(hidden)), by_head(attention.value(hidden))
    weights = torch.softmax(query @ key.transpose(2, 3) * attention.scaling + padding, dim=-1)
    context = (weights @ value).transpose(1, 2).reshape(batch, 1, -1)
    attended = layer.attention.output(context, first)
    return layer.feed_forward_chunk(attended)
