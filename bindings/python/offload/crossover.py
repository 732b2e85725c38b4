"""offload.crossover — Crossover search between two options over a parameter (where offloading starts to win):
the C++ area offload/crossover/ (bindings: bind_crossover.cpp).

Every name here is also available at the top level (offload.X is offload.crossover.X)."""
from ._areas import export as _export

__all__ = _export("crossover", globals())
