"""offload — analytic models for on-device vs edge vs cloud inference offloading.

Units everywhere: seconds, requests/s, bytes, bytes/s, FLOP/s. Invalid parameters raise ValueError whose
message names the C++ function, the parameter and the value; failed numerical convergence raises RuntimeError.

Everything is implemented in the compiled extension ``offload._core`` (a thin pybind11 layer over the
header-only C++ library) and re-exported here. Functions documented as *vectorised* accept numpy arrays (or
scalars), broadcast them against each other, and loop in C++.
"""
from . import _core
from ._core import *  # noqa: F401,F403

__all__ = [name for name in dir(_core) if not name.startswith("_")]
