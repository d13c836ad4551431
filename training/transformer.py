"""Fine-tune a BERT-style encoder for multi-label stance classification with the HF `Trainer`."""

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import DatasetDict
from sklearn.metrics import f1_score
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


@dataclass
class FineTuneConfig:
    """The recipe; saved in the model's metadata so a run can be repeated."""

    epochs: int = 12
    learning_rate: float = 8e-5
    batch_size: int = 16
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_length: int = 128
    patience: int = 3
    seed: int = 13
    max_steps: int = -1
    bf16: bool | None = None  # None: on where the hardware runs bf16 fast

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def uses_bf16(config: FineTuneConfig) -> bool:
    """Whether this run trains with bf16 autocast (asked for, or chosen from the hardware)."""
    if config.bf16 is not None:
        return config.bf16
    return torch.cuda.is_bf16_supported() if torch.cuda.is_available() else cpu_has_fast_bf16()


def _macro_f1(prediction) -> dict[str, float]:
    logits, truth = prediction
    predicted = (1 / (1 + np.exp(-logits))) >= 0.5
    return {"macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0))}


def tokenize_splits(splits: DatasetDict, tokenizer: PreTrainedTokenizerBase, max_length: int) -> DatasetDict:
    """Model inputs plus a float `labels` column; speaker and date never reach the model."""

    def encode(batch: dict[str, list]) -> dict[str, list]:
        return {
            **tokenizer(batch["text"], truncation=True, max_length=max_length),
            "labels": batch["multi_hot"],
        }

    keep = {"input_ids", "attention_mask", "token_type_ids", "labels"}
    encoded = splits.map(encode, batched=True)
    return encoded.remove_columns([c for c in encoded["train"].column_names if c not in keep])


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
        logging_strategy="epoch",
        report_to="none",
        disable_tqdm=os.environ.get("CI") == "true",
    )
    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=encoded["train"],
        eval_dataset=encoded["validation"],
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=_macro_f1,
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)],
    )
    trainer.train()
    best = trainer.model.float().cpu().eval()
    return best, tokenizer
