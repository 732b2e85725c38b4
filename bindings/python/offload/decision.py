"""offload.decision — Decisions: option predictions, tier choice, adaptive offloading, split choice, objectives
and constraints: the C++ area offload/decision/ (bindings: bind_decision.cpp).

Every name here is also available at the top level (offload.X is offload.decision.X)."""
from ._areas import export as _export

__all__ = _export("decision", globals())
