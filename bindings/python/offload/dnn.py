"""offload.dnn — The DNN / FLOPs vocabulary (namespace offload::dnn): layers, models with shape checks, FLOPs
conventions, per-layer costs, split points, hardware profiles, latency estimates, calibration, JSON, the model zoo
(offload.dnn.zoo), device presets (offload.dnn.presets) and the PyTorch import (bindings: bind_dnn*.cpp,
torch_import.py).

Every name here is also available at the top level (offload.X is offload.dnn.X)."""
from ._areas import export as _export

__all__ = _export("dnn", globals())
