"""Pick the device, precision and engine for inference: CUDA when present, else the CPU's fastest."""

import os
from dataclasses import dataclass

import torch

from model.cpu_features import cpu_features

PRECISIONS = ("auto", "fp32", "bf16")
BACKENDS = ("auto", "torch", "onnxruntime")
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16}


@dataclass(frozen=True)
class Runtime:
    """Where, in which precision and by which engine a model runs.

    `engine` "onnxruntime" runs the fp32 graph stored with the model in ONNX Runtime on
    the CPU (`model/onnx.py`); "torch" runs the Hugging Face network in fp32 or bf16.
    """

    device: torch.device
    dtype: torch.dtype
    engine: str = "torch"

    def __str__(self) -> str:
        text = f"{self.device.type}/{str(self.dtype).removeprefix('torch.')}"
        return text if self.engine == "torch" else f"{text} ({self.engine})"


def cpu_has_amx() -> bool:
    """True on CPUs with AMX matrix tiles (Intel Xeon since Sapphire Rapids)."""
    return cpu_features().amx


def cpu_has_fast_bf16() -> bool:
    """True on CPUs with native bf16 matrix instructions (AVX-512 BF16 or AMX)."""
    return cpu_features().bf16


def cpu_class() -> str:
    """The CPU class the runtime choice and docs/benchmarks.md go by: amx, avx512-vnni, avx2 or other."""
    return cpu_features().cpu_class


def _cpu_choice(backend: str) -> tuple[str, str]:
    """(precision, backend): the fastest runtime on this CPU that keeps fp32's answers.

    The rule (docs/benchmarks.md, `python -m bench.runtimes`): test and field-test macro-F1
    within 0.005 of fp32, and labels differing from fp32's on at most 0.2% of the test and
    field quotes. Measured on an AMD EPYC with AVX-512 VNNI and BF16: bf16 in torch 1.6x
    torch fp32 with 0.11% of labels changed. int8 (OpenVINO static, ONNX Runtime per token)
    ran 2.3-2.8x but changed 1.1-1.5% of labels, so it was removed: no class may take it.
    Without native bf16 (AVX2-only CPUs), fp32 in ONNX Runtime: torch's labels, 1.4x its
    speed. AMX CPUs run torch's bf16 on their tiles.
    """
    if backend == "onnxruntime" or (backend == "auto" and not cpu_has_fast_bf16()):
        return "fp32", "onnxruntime"
    return ("bf16" if cpu_has_fast_bf16() else "fp32"), "torch"


def _setting(value: str | None, variable: str, allowed: tuple[str, ...], what: str) -> str:
    chosen = (value or os.environ.get(variable) or "auto").lower()
    if chosen not in allowed:
        raise ValueError(f"{what} must be {', '.join(allowed[:-1])} or {allowed[-1]}, not {chosen!r}")
    return chosen


def choose_runtime(
    device: str | None = None, precision: str | None = None, backend: str | None = None
) -> Runtime:
    """The runtime to use: explicit arguments, then `STANCE_DEVICE`/`STANCE_PRECISION`/`STANCE_BACKEND`,
    then the hardware.

    "auto" on a CPU takes the fastest runtime that keeps fp32's answers (`_cpu_choice`);
    on a GPU fp32 (an H200 ran this model 2-4x faster in fp32 than in bf16).
    """
    default_device = "cuda" if torch.cuda.is_available() else "cpu"
    target = torch.device(device or os.environ.get("STANCE_DEVICE") or default_device)
    precision = _setting(precision, "STANCE_PRECISION", PRECISIONS, "precision")
    backend = _setting(backend, "STANCE_BACKEND", BACKENDS, "backend")
    if target.type != "cpu":
        if backend == "onnxruntime":
            raise ValueError("ONNX Runtime runs on the CPU only here: on a GPU use torch")
        return Runtime(target, DTYPES["bf16" if precision == "bf16" else "fp32"])
    if precision == "auto":
        precision, backend = _cpu_choice(backend)
    if precision == "bf16" and backend == "onnxruntime":
        raise ValueError("bf16 runs in torch: use backend torch (or auto), not onnxruntime")
    return Runtime(target, DTYPES[precision], "onnxruntime" if backend == "onnxruntime" else "torch")
