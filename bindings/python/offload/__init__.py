"""offload — analytic models for on-device vs edge vs cloud inference offloading.

Units everywhere: seconds, requests/s, bytes, bytes/s, FLOP/s. Invalid parameters raise ValueError whose
message names the C++ function, the parameter and the value; failed numerical convergence raises RuntimeError.

Everything is implemented in the compiled extension ``offload._core`` (a thin pybind11 layer over the
header-only C++ library) and re-exported here. Functions documented as *vectorised* accept numpy arrays (or
scalars), broadcast them against each other, and loop in C++.
"""
try:
    import numpy as _numpy  # noqa: F401  (the vectorised functions return numpy arrays)
except ImportError as _error:  # pragma: no cover - exercised by tests/python/test_import_without_numpy
    import sys as _sys

    raise ImportError(
        "offload needs numpy, which this interpreter (" + _sys.executable + ") cannot import. On Debian, "
        "numpy is the python3-numpy package of the system interpreter: run offload with /usr/bin/python3 "
        "(scripts/install-deps.sh all installs python3-numpy)."
    ) from _error

from . import _core
from ._core import *  # noqa: F401,F403

__all__ = [name for name in dir(_core) if not name.startswith("_")]


# PyTorch import (pure Python; torch is imported only when these are called).
from .torch_import import TorchConversion, convert_torch, from_torch  # noqa: E402

__all__ += ["from_torch", "convert_torch", "TorchConversion"]
