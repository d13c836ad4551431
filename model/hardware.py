"""Pick the device, precision and engine for inference: CUDA when present, else the CPU's fastest."""

import os
from dataclasses import dataclass

import torch

PRECISIONS = ("auto", "fp32", "bf16", "int8")
BACKENDS = ("auto", "torch", "onnxruntime", "openvino")
DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "int8": torch.int8}


@dataclass(frozen=True)
class Runtime:
    """Where, in which precision and by which engine a model runs.

    `engine` "openvino" runs the network in static int8 in OpenVINO on the CPU
    (`model/static_int8.py`, `model/openvino.py`); "onnxruntime" runs it in ONNX Runtime
    on the CPU, in fp32 or, with dtype int8, with each token's activations quantized at
    run time (`model/onnx.py`).
    """

    device: torch.device
    dtype: torch.dtype
    engine: str = "torch"

    def __str__(self) -> str:
        text = f"{self.device.type}/{str(self.dtype).removeprefix('torch.')}"
        return text if self.engine == "torch" else f"{text} ({self.engine})"


def _cpu_supports(check: str) -> bool:
    cpu = torch.backends.cpu
    capability = cpu.get_cpu_capability() if hasattr(cpu, "get_cpu_capability") else ""
    return capability.startswith("AVX512") and getattr(torch.cpu, check, lambda: False)()


def cpu_has_amx() -> bool:
    """True on CPUs with AMX matrix tiles (Intel Xeon since Sapphire Rapids)."""
    return _cpu_supports("_is_amx_tile_supported")


def cpu_has_fast_bf16() -> bool:
    """True on CPUs with native bf16 matrix instructions (AVX-512 BF16 or AMX)."""
    return _cpu_supports("_is_avx512_bf16_supported") or cpu_has_amx()


def cpu_has_fast_int8() -> bool:
    """True on CPUs with AVX-512 VNNI, the 8-bit dot products the int8 kernels use."""
    return _cpu_supports("_is_vnni_supported")


def _cpu_precision(backend: str) -> str:
    """The fastest precision on this CPU that keeps the test macro-F1 within 0.005 of fp32.

    Measured on an AMD EPYC with AVX-512 VNNI and BF16, no AMX (docs/benchmarks.md): static
    int8 (OpenVINO) 1.2-1.3x int8 per token (ONNX Runtime), which is about 1.4x bf16 (torch),
    itself 1.8x fp32; test macro-F1 within 0.002 of fp32 for all three. With AMX tiles
    torch's bf16 uses them; int8 was not measured there, so bf16 stays the choice on those CPUs.
    """
    if backend == "openvino":
        return "int8"
    if backend != "torch" and cpu_has_fast_int8() and not cpu_has_amx():
        return "int8"
    return "bf16" if backend != "onnxruntime" and cpu_has_fast_bf16() else "fp32"


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

    "auto" on a CPU takes the fastest precision that keeps the test macro-F1 (`_cpu_precision`);
    on a GPU fp32 (an H200 ran this model 2-4x faster in fp32 than in bf16).
    """
    default_device = "cuda" if torch.cuda.is_available() else "cpu"
    target = torch.device(device or os.environ.get("STANCE_DEVICE") or default_device)
    precision = _setting(precision, "STANCE_PRECISION", PRECISIONS, "precision")
    backend = _setting(backend, "STANCE_BACKEND", BACKENDS, "backend")
    if target.type != "cpu":
        if backend in ("onnxruntime", "openvino") or precision == "int8":
            raise ValueError("OpenVINO, ONNX Runtime and int8 run on the CPU only: on a GPU use torch")
        return Runtime(target, DTYPES["bf16" if precision == "bf16" else "fp32"])
    if precision == "auto":
        precision = _cpu_precision(backend)
    if precision == "int8" and backend == "torch":
        raise ValueError("int8 runs in OpenVINO or ONNX Runtime: use backend openvino, onnxruntime or auto")
    if precision == "bf16" and backend == "onnxruntime":
        raise ValueError("bf16 runs in torch: use backend torch (or auto), not onnxruntime")
    if backend == "openvino" and precision != "int8":
        raise ValueError("OpenVINO runs the static int8 graph only: use precision int8 (or auto)")
    if precision == "int8":
        engine = "onnxruntime" if backend == "onnxruntime" else "openvino"
    else:
        engine = "onnxruntime" if backend == "onnxruntime" else "torch"
    return Runtime(target, DTYPES[precision], engine)
