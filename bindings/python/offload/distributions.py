"""offload.distributions — Waiting, response and end-to-end latency distributions as objects built once and
evaluated like scipy.stats frozen distributions (TimeDistribution, ConvolvedTimeDistribution), and the accuracy
options of the FFT convolution and the transform inversion: the C++ areas offload/distributions/ and
offload/pipelines/latency_inversion.hpp (bindings: bind_distributions.cpp).

Every name here is also available at the top level (offload.X is offload.distributions.X)."""
from ._areas import export as _export

__all__ = _export("distributions", globals())
