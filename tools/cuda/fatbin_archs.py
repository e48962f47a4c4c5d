#!/usr/bin/env python3
"""What GPU code a CUDA library carries, and whether this machine's GPU can load it.

Why: ND4J's only published CUDA backend (org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1) predates CUDA 11.8, the first toolkit
that targets Hopper (sm_90). This script reads the .nv_fatbin section of its libnd4jcuda.so (no CUDA needed) and, on
a GPU machine, asks the driver to load one of its fat binaries, so the claim is a measurement rather than a guess.

  fatbin_archs.py list LIB.so            the (kind, architecture) entries and their sizes
  fatbin_archs.py extract LIB.so OUT     write the smallest complete fat binary of LIB.so to OUT
  fatbin_archs.py load FILE...           on a GPU: cuModuleLoadData of each file (needs cuda-python)
"""
import collections
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50
KINDS = {1: "ptx", 2: "sass"}


def fatbin_section(path):
    """Bytes of the ELF section .nv_fatbin (64-bit little-endian ELF)."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:
            raise SystemExit(f"{path}: not a 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", head, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
        f.seek(shoff)
        sections = [struct.unpack_from("<IIQQQQ", f.read(shentsize)) for _ in range(shnum)]
        names_offset, names_size = sections[shstrndx][4], sections[shstrndx][5]
        f.seek(names_offset)
        names = f.read(names_size)
        for name_at, _type, _flags, _addr, offset, size in sections:
            if names[name_at:names.index(b"\0", name_at)] == b".nv_fatbin":
                f.seek(offset)
                return f.read(size)
    raise SystemExit(f"{path}: no .nv_fatbin section (no GPU code)")


def fatbins(section):
    """(start, end, entries) of each fat binary; entries are (kind, arch, payload bytes)."""
    at = 0
    while at + 16 <= len(section):
        magic, _version, header_size, body_size = struct.unpack_from("<IHHQ", section, at)
        if magic != FATBIN_MAGIC:
            at += 8  # fat binaries are 8-byte aligned, with padding between them
            continue
        entries, entry_at, end = [], at + header_size, at + header_size + body_size
        while entry_at < end:
            kind, _unused, entry_header, payload = struct.unpack_from("<HHIQ", section, entry_at)
            arch, = struct.unpack_from("<I", section, entry_at + 28)
            entries.append((KINDS.get(kind, str(kind)), arch, payload))
            entry_at += entry_header + payload
        yield at, end, entries
        at = end


def list_archs(path):
    sizes, counts, total = collections.Counter(), collections.Counter(), 0
    for _start, _end, entries in fatbins(fatbin_section(path)):
        total += 1
        for kind, arch, payload in entries:
            sizes[(kind, arch)] += payload
            counts[(kind, arch)] += 1
    print(f"{path}: {total} fat binaries")
    for (kind, arch), size in sorted(sizes.items()):
        print(f"  {kind} sm_{arch}: {counts[(kind, arch)]} entries, {size / 2**20:.0f} MiB")


def extract_smallest(path, out):
    section = fatbin_section(path)
    start, end, entries = min(fatbins(section), key=lambda fb: fb[1] - fb[0])
    with open(out, "wb") as f:
        f.write(section[start:end])
    print(f"{out}: {end - start} bytes, entries {[(k, f'sm_{a}') for k, a, _ in entries]}")


def load(paths):
    from cuda.bindings import driver as cu  # cuda-python, on the GPU machine
    cu.cuInit(0)
    _err, device = cu.cuDeviceGet(0)
    _err, name = cu.cuDeviceGetName(64, device)
    _err, major = cu.cuDeviceGetAttribute(cu.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)
    _err, minor = cu.cuDeviceGetAttribute(cu.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device)
    name = name.split(b"\0")[0].decode()
    print(f"GPU: {name}, compute capability {major}.{minor}")
    _err, context = cu.cuDevicePrimaryCtxRetain(device)
    cu.cuCtxSetCurrent(context)
    for path in paths:
        with open(path, "rb") as f:
            image = f.read()
        err, _module = cu.cuModuleLoadData(image)
        print(f"{path}: cuModuleLoadData -> {err.name}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "list":
        list_archs(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "extract":
        extract_smallest(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "load":
        load(sys.argv[2:])
    else:
        raise SystemExit(__doc__)
