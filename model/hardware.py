"""Pick the device and dtype for inference: CUDA when present, bf16 where the hardware runs it fast."""

import os
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Runtime:
    """Where and in which precision a model runs."""

    device: torch.device
    dtype: torch.dtype

    def __str__(self) -> str:
        return f"{self.device.type}/{str(self.dtype).removeprefix('torch.')}"


def cpu_has_fast_bf16() -> bool:
    """True on CPUs with native bf16 matrix instructions (AVX-512 BF16 or AMX)."""
    cpu = torch.backends.cpu
    capability = cpu.get_cpu_capability() if hasattr(cpu, "get_cpu_capability") else ""
    checks = [
        getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False),
        getattr(torch.cpu, "_is_amx_tile_supported", lambda: False),
    ]
    return capability.startswith("AVX512") and any(check() for check in checks)


def choose_runtime(device: str | None = None, precision: str | None = None) -> Runtime:
    """The runtime to use: explicit arguments, then `STANCE_DEVICE`/`STANCE_PRECISION`, then the hardware.

    `precision` is "auto", "fp32" or "bf16". "auto" takes bf16 on CPUs with native
    bf16 (1.7x fp32's speed here, same test macro-F1) and fp32 everywhere else,
    GPUs included: on an H200 this small model ran 4x faster in fp32 than in bf16
    (docs/benchmarks.md).
    """
    device = device or os.environ.get("STANCE_DEVICE") or ("cuda" if torch.cuda.is_available() else "cpu")
    precision = (precision or os.environ.get("STANCE_PRECISION") or "auto").lower()
    target = torch.device(device)
    if precision not in {"auto", "fp32", "bf16"}:
        raise ValueError(f"precision must be auto, fp32 or bf16, not {precision!r}")
    if precision == "auto":
        precision = "bf16" if target.type == "cpu" and cpu_has_fast_bf16() else "fp32"
    return Runtime(target, torch.bfloat16 if precision == "bf16" else torch.float32)
