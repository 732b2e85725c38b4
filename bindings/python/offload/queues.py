"""offload.queues — Single-station queue models (M/M/1, M/M/c, M/D/1, M/D/c, M/G/1, G/G/1, k-parallel, finite
buffers, bounds) and their waiting/response-time distributions: the C++ area offload/queues/ (bindings:
bind_queues.cpp).

Every name here is also available at the top level (offload.X is offload.queues.X)."""
from ._areas import export as _export

__all__ = _export("queues", globals())
