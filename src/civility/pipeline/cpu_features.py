"""What the CPU offers onnxruntime's int8 kernels, read once from the operating system."""

from __future__ import annotations

import functools
from pathlib import Path

# Either instruction set multiplies unsigned by signed bytes into 32-bit sums without
# saturating (AVX512-VNNI on servers, AVX-VNNI on newer desktop cores).
VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})
CPUINFO = Path("/proc/cpuinfo")


@functools.cache
def has_vnni() -> bool:
    """True where this CPU has VNNI; False where it lacks it or the system does not say."""
    return lists_vnni(CPUINFO)


def lists_vnni(cpuinfo: Path) -> bool:
    """Whether a /proc/cpuinfo-style file lists VNNI for every processor (False if unreadable)."""
    try:
        text = cpuinfo.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return bool(cpu_flags(text) & VNNI_FLAGS)


def cpu_flags(cpuinfo: str) -> set[str]:
    """The feature flags every processor listed in a /proc/cpuinfo text has."""
    per_cpu = [
        set(value.split())
        for key, _, value in (line.partition(":") for line in cpuinfo.splitlines())
        if key.strip() == "flags"
    ]
    return set.intersection(*per_cpu) if per_cpu else set()
