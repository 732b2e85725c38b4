"""offload — analytic models for on-device vs edge vs cloud inference offloading.

Units everywhere: seconds, requests/s, bytes, bytes/s, FLOP/s. Invalid parameters raise ValueError whose
message names the C++ function, the parameter and the value.
"""
from ._core import MM1, mm1_mean_response

__all__ = ["MM1", "mm1_mean_response"]
