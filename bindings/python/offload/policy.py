"""offload.policy — The online offloading policy and its estimators (sliding-window rate, EWMA, ...): the C++
area offload/policy/ (bindings: bind_policy.cpp).

Every name here is also available at the top level (offload.X is offload.policy.X)."""
from ._areas import export as _export

__all__ = _export("policy", globals())
