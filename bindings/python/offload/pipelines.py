"""offload.pipelines — Latency pipelines (service demands, network links, on-device / offload / DNN-split
pipelines, co-tenants, arrival processes) and their mean, breakdown and distribution: the C++ area
offload/pipelines/ (bindings: bind_pipelines.cpp).

Every name here is also available at the top level (offload.X is offload.pipelines.X)."""
from ._areas import export as _export

__all__ = _export("pipelines", globals())
