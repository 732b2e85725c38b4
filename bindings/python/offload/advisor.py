"""offload.advisor — The advisor's scenario model and advise(scenario) -> report, with the scenario JSON format:
the C++ area offload/advisor/ (bindings: bind_scenario.cpp).

Every name here is also available at the top level (offload.X is offload.advisor.X)."""
from ._areas import export as _export

__all__ = _export("advisor", globals())
