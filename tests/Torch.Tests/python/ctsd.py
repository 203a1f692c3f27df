"""Reader/writer of the course's "CTSD" state files (see lib/Torch/Serialization.cs for the format)."""
import struct
from collections import OrderedDict

import numpy as np
import torch

_DTYPES = {0: np.uint8, 3: np.int32, 4: np.int64, 6: np.float32, 7: np.float64, 11: np.bool_}
_CODES = {torch.uint8: 0, torch.int32: 3, torch.int64: 4, torch.float32: 6, torch.float64: 7, torch.bool: 11}


def read(path):
    """Returns an OrderedDict name -> torch.Tensor."""
    out = OrderedDict()
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"CTSD":
        raise ValueError(f"{path}: bad magic {data[:4]!r}")
    version, count = struct.unpack_from("<ii", data, 4)
    if version != 1:
        raise ValueError(f"{path}: unsupported version {version}")
    pos = 12
    for _ in range(count):
        (n,) = struct.unpack_from("<i", data, pos); pos += 4
        name = data[pos:pos + n].decode("utf-8"); pos += n
        code, ndim = struct.unpack_from("<ii", data, pos); pos += 8
        dims = struct.unpack_from("<" + "q" * ndim, data, pos); pos += 8 * ndim
        dt = np.dtype(_DTYPES[code])
        numel = int(np.prod(dims)) if ndim else 1
        arr = np.frombuffer(data, dtype=dt, count=numel, offset=pos).reshape(dims).copy()
        pos += numel * dt.itemsize
        out[name] = torch.from_numpy(arr)
    return out


def write(path, tensors):
    """Writes an iterable of (name, tensor) or a dict to path."""
    items = list(tensors.items()) if hasattr(tensors, "items") else list(tensors)
    with open(path, "wb") as f:
        f.write(b"CTSD" + struct.pack("<ii", 1, len(items)))
        for name, t in items:
            t = t.detach().cpu().contiguous()
            b = name.encode("utf-8")
            f.write(struct.pack("<i", len(b)) + b)
            f.write(struct.pack("<ii", _CODES[t.dtype], t.dim()))
            f.write(struct.pack("<" + "q" * t.dim(), *t.shape))
            f.write(t.numpy().tobytes())
