"""The CPU's instruction-set features, read from /proc/cpuinfo: a public source, unlike torch's private
`torch.cpu._is_*_supported` checks.

The runtime choice and the benchmark table group CPUs into classes that decide
which int8 and bf16 paths are exact and fast: "avx2" (int8 products of unsigned
by signed bytes can saturate, no native bf16), "avx512-vnni" (int8 dot products
into 32-bit sums) and "amx" (matrix tiles for int8 and bf16). /proc/cpuinfo
lists what the kernel, or the hypervisor, lets programs use; elsewhere (no
/proc) torch's public `get_cpu_capability()` gives the vector width only.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")
_FLAGS_OF_TORCH_CAPABILITY = {"AVX512": frozenset({"avx2", "avx512f"}), "AVX2": frozenset({"avx2"})}


@dataclass(frozen=True)
class CpuFeatures:
    """A CPU's model name and instruction-set flags (as /proc/cpuinfo spells them)."""

    model: str
    flags: frozenset[str]

    @property
    def avx2(self) -> bool:
        return "avx2" in self.flags

    @property
    def avx512(self) -> bool:
        return "avx512f" in self.flags

    @property
    def vnni(self) -> bool:
        """8-bit dot products into 32-bit sums: AVX-512 VNNI, or AVX-VNNI on 256-bit registers."""
        return bool({"avx512_vnni", "avx_vnni"} & self.flags)

    @property
    def bf16(self) -> bool:
        """Native bf16 dot products (AVX-512 BF16 or AMX BF16)."""
        return bool({"avx512_bf16", "amx_bf16"} & self.flags)

    @property
    def amx(self) -> bool:
        """AMX tiles with int8 products (Intel Xeon since Sapphire Rapids)."""
        return {"amx_tile", "amx_int8"} <= self.flags

    @property
    def cpu_class(self) -> str:
        """ "amx", "avx512-vnni", "avx2", or "other" (below AVX2, not x86, or unknown).

        AVX-VNNI without AVX-512 (some Intel client CPUs) classes as "avx2"; `vnni` tells it apart.
        """
        if self.amx:
            return "amx"
        if self.avx512 and "avx512_vnni" in self.flags:
            return "avx512-vnni"
        return "avx2" if self.avx2 else "other"


def parse_cpuinfo(text: str) -> CpuFeatures:
    """The features of the first processor listed in a /proc/cpuinfo text."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if fields:
                break  # end of the first processor's block
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    flags = frozenset(fields.get("flags", "").split())
    return CpuFeatures(model=fields.get("model name", "unknown"), flags=flags)


@functools.cache
def cpu_features() -> CpuFeatures:
    """This machine's CPU features (read once per process)."""
    try:
        return parse_cpuinfo(CPUINFO.read_text())
    except OSError:
        import torch

        capability = torch.backends.cpu.get_cpu_capability()
        return CpuFeatures(model="unknown", flags=_FLAGS_OF_TORCH_CAPABILITY.get(capability, frozenset()))
