"""offload — analytic models for on-device vs edge vs cloud inference offloading.

Units everywhere: seconds, requests/s, bytes, bytes/s, FLOP/s. Invalid parameters raise ValueError whose
message names the C++ function, the parameter and the value; failed numerical convergence raises RuntimeError.

Everything is implemented in the compiled extension ``offload._core`` (a thin pybind11 layer over the
header-only C++ library). Submodules mirror the C++ areas: ``offload.queues``, ``offload.distributions``, ``offload.pipelines``,
``offload.crossover``, ``offload.dnn`` (with ``offload.dnn.zoo`` and ``offload.dnn.presets``),
``offload.decision``, ``offload.policy``, ``offload.advisor``, ``offload.sim`` and ``offload.planning``; every
name of the first eight is also re-exported here (``offload.MM1 is offload.queues.MM1``). Functions documented
as *vectorised* accept numpy arrays (or scalars), broadcast them against each other, and loop in C++.
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

import sys as _sys

from . import _core
from ._core import *  # noqa: F401,F403
from ._version import __version__

__all__ = [name for name in dir(_core) if not name.startswith("_")]

# The submodules defined in C++ become importable by name (`import offload.sim`, `from offload.planning import
# ...`): Python's import system finds a submodule through sys.modules, which pybind11 does not fill in.
for _name, _module in (("sim", _core.sim), ("planning", _core.planning), ("zoo", _core.zoo),
                       ("presets", _core.presets)):
    _sys.modules[__name__ + "." + _name] = _module


# PyTorch import (pure Python; torch is imported only when these are called).
from .torch_import import TorchConversion, convert_torch, from_torch  # noqa: E402

__all__ += ["from_torch", "convert_torch", "TorchConversion"]

# The areas (pure-Python modules re-exporting from _core, imported last: dnn re-exports from_torch).
from . import advisor, crossover, decision, distributions, dnn, pipelines, policy, queues  # noqa: E402

__all__ += ["advisor", "crossover", "decision", "distributions", "dnn", "pipelines", "policy", "queues"]
