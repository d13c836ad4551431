"""Fine-tune a BERT-style encoder for multi-label stance classification with the HF `Trainer`."""

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import Dataset, DatasetDict
from sklearn.metrics import f1_score
from torch.utils.data import DataLoader
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    EarlyStoppingCallback,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    Trainer,
    TrainingArguments,
    set_seed,
)

from model.hardware import cpu_has_fast_bf16
from model.labels import LABELS
from model.text import normalize_quote


@dataclass
class FineTuneConfig:
    """The recipe; saved in the model's metadata so a run can be repeated."""

    # Six epochs with early stopping: longer runs fit the written corpus's style better and
    # real quotes worse (docs/quality.md), and a newcomer's `make serve` waits for this.
    # Patience 3: with 200 field-dev quotes the selection metric wobbles by 0.005 between
    # epochs, and patience 2 stopped a run at epoch 4 on such a wobble (docs/quality.md).
    epochs: int = 6
    learning_rate: float = 6e-5
    batch_size: int = 16
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_length: int = 128
    patience: int = 3
    seed: int = 13
    # Embeddings and the first `freeze_layers` encoder layers keep their pretrained weights:
    # less to forget of general English, and a cheaper backward pass.
    freeze_layers: int = 0
    max_steps: int = -1
    bf16: bool | None = None  # None: on where the hardware runs bf16 fast

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def uses_bf16(config: FineTuneConfig) -> bool:
    """Whether this run trains with bf16 autocast (asked for, or chosen from the hardware)."""
    if config.bf16 is not None:
        return config.bf16
    return torch.cuda.is_bf16_supported() if torch.cuda.is_available() else cpu_has_fast_bf16()


def macro_f1_by_source(field_rows: int):
    """The checkpoint-selection metric: macro-F1 on the written validation quotes and, when the
    last `field_rows` validation rows are real quotes (field-dev), the mean of the two.

    Mixed into one set, 376 written quotes would outvote 200 real ones; averaging the two
    macro-F1s picks the epoch that does well on both, not the one that fits the corpus's style.
    """

    def metric(prediction) -> dict[str, float]:
        logits, truth = prediction
        predicted = (1 / (1 + np.exp(-logits))) >= 0.5

        def f1(part: slice) -> float:
            return float(f1_score(truth[part], predicted[part], average="macro", zero_division=0))

        if field_rows <= 0:
            return {"macro_f1": f1(slice(None))}
        written, real = f1(slice(None, -field_rows)), f1(slice(-field_rows, None))
        return {"macro_f1": (written + real) / 2, "written_macro_f1": written, "field_macro_f1": real}

    return metric


class InOrderEvalTrainer(Trainer):
    """A `Trainer` whose evaluation reads the validation rows in their stored order.

    With `group_by_length`, `Trainer` also groups (and so shuffles) the evaluation rows by
    length; `macro_f1_by_source` tells written quotes from real ones by position, so the
    evaluation order must be the dataset's. `get_eval_dataloader` is the documented hook; the
    loader goes through `accelerator.prepare`, which the evaluation loop's gathering relies on.
    """

    def get_eval_dataloader(self, eval_dataset: Dataset | None = None) -> DataLoader:
        dataset = self.eval_dataset if eval_dataset is None else eval_dataset
        loader = DataLoader(dataset, batch_size=self.args.eval_batch_size, collate_fn=self.data_collator)
        return self.accelerator.prepare(loader)


def tokenize_splits(splits: DatasetDict, tokenizer: PreTrainedTokenizerBase, max_length: int) -> DatasetDict:
    """Model inputs plus a float `labels` column; speaker and date never reach the model."""

    def encode(batch: dict[str, list]) -> dict[str, list]:
        texts = [normalize_quote(text) for text in batch["text"]]  # as the predictor will see them
        return {
            **tokenizer(texts, truncation=True, max_length=max_length),
            "labels": batch["multi_hot"],
        }

    keep = {"input_ids", "attention_mask", "token_type_ids", "labels"}
    encoded = splits.map(encode, batched=True)
    return encoded.remove_columns([c for c in encoded["train"].column_names if c not in keep])


def freeze_lower_layers(model: PreTrainedModel, count: int) -> None:
    """Stop gradients to the embeddings and the first `count` encoder layers (0: train everything)."""
    if count <= 0:
        return
    encoder = model.base_model
    layers = encoder.encoder.layer
    if count > len(layers):
        raise ValueError(f"freeze_layers={count}, but the encoder has only {len(layers)} layers")
    for module in (encoder.embeddings, *layers[:count]):
        module.requires_grad_(False)


def fine_tune(
    splits: DatasetDict, base_model_dir: Path, work_dir: Path, config: FineTuneConfig
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Train on `train`, early-stop on validation macro-F1, and return the best model."""
    set_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_model_dir,
        num_labels=len(LABELS),
        problem_type="multi_label_classification",
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    freeze_lower_layers(model, config.freeze_layers)
    encoded = tokenize_splits(splits, tokenizer, config.max_length)
    arguments = TrainingArguments(
        output_dir=str(work_dir),
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        learning_rate=config.learning_rate,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=64,
        weight_decay=config.weight_decay,
        warmup_steps=config.warmup_ratio,
        eval_strategy="epoch" if config.max_steps < 0 else "steps",
        save_strategy="epoch" if config.max_steps < 0 else "steps",
        eval_steps=None if config.max_steps < 0 else max(config.max_steps, 1),
        save_steps=None if config.max_steps < 0 else max(config.max_steps, 1),
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model="macro_f1",
        greater_is_better=True,
        seed=config.seed,
        data_seed=config.seed,
        bf16=uses_bf16(config),
        use_cpu=not torch.cuda.is_available(),
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",  # similar lengths together: less padding
        logging_strategy="epoch",
        report_to="none",
        disable_tqdm=os.environ.get("CI") == "true",
    )
    trainer = InOrderEvalTrainer(
        model=model,
        args=arguments,
        train_dataset=encoded["train"],
        eval_dataset=encoded["validation"],
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=macro_f1_by_source(len(splits["field-dev"]) if "field-dev" in splits else 0),
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)],
    )
    trainer.train()
    best = trainer.model.float().cpu().eval()
    return best, tokenizer
