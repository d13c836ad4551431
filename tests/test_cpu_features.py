"""CPU classes from /proc/cpuinfo flag lines of the CPUs this project runs on."""

import pytest

from model.cpu_features import CpuFeatures, cpu_features, parse_cpuinfo

BASE = "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt aes avx fma f16c bmi1 bmi2"
EPYC_AVX2 = f"{BASE} avx2 sha_ni"  # AMD EPYC Rome-class as clouds expose it
EPYC_GENOA = f"{BASE} avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_vnni avx512_vbmi2"
XEON_ICELAKE = f"{BASE} avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni"
XEON_SAPPHIRE = f"{XEON_ICELAKE} avx512_bf16 avx_vnni amx_bf16 amx_tile amx_int8"
ALDER_LAKE = f"{BASE} avx2 avx_vnni"


def cpuinfo(model: str, flags: str, processors: int = 2) -> str:
    block = f"processor\t: {{n}}\nvendor_id\t: X\nmodel name\t: {model}\nflags\t\t: {flags}\n\n"
    return "".join(block.format(n=n) for n in range(processors))


@pytest.mark.parametrize(
    ("flags", "cpu_class", "vnni", "bf16", "amx"),
    [
        (EPYC_AVX2, "avx2", False, False, False),
        (ALDER_LAKE, "avx2", True, False, False),
        (XEON_ICELAKE, "avx512-vnni", True, False, False),
        (EPYC_GENOA, "avx512-vnni", True, True, False),
        (XEON_SAPPHIRE, "amx", True, True, True),
        (BASE, "other", False, False, False),
        (f"{BASE} avx2 avx512f", "avx2", False, False, False),  # AVX-512 without VNNI (Skylake-SP)
    ],
)
def test_cpu_class_and_features_from_the_flags(flags, cpu_class, vnni, bf16, amx):
    features = parse_cpuinfo(cpuinfo("Some CPU @ 2.0GHz", flags))
    assert features.model == "Some CPU @ 2.0GHz"
    assert (features.cpu_class, features.vnni, features.bf16, features.amx) == (cpu_class, vnni, bf16, amx)


def test_only_the_first_processor_is_read_and_missing_fields_are_unknown():
    mixed = cpuinfo("First", XEON_SAPPHIRE, 1) + cpuinfo("Second", EPYC_AVX2, 1)
    assert parse_cpuinfo(mixed) == CpuFeatures("First", frozenset(XEON_SAPPHIRE.split()))
    assert parse_cpuinfo("processor\t: 0\n") == CpuFeatures("unknown", frozenset())
    assert parse_cpuinfo("").cpu_class == "other"


def test_this_machine_agrees_with_torch_on_the_vector_width():
    """torch's public capability (the kernels it dispatches to) and the flags must tell the same width."""
    import torch

    features = cpu_features()
    capability = torch.backends.cpu.get_cpu_capability()
    if capability == "AVX512":
        assert features.avx512 and features.avx2
    elif capability == "AVX2":
        assert features.avx2 and features.cpu_class != "amx"
    assert features.cpu_class in {"avx2", "avx512-vnni", "amx", "other"}
