// offload/simulation.hpp — the discrete-event simulator, the library's validation oracle (docs/simulator.md).
// Opt-in: not part of the umbrella offload/offload.hpp; include this (or one header under offload/simulation/)
// yourself. Pulls in Boost.Math's Student t (result.hpp) for its confidence intervals.
#pragma once

#include "offload/simulation/builders.hpp"
#include "offload/simulation/compare.hpp"
#include "offload/simulation/distribution.hpp"
#include "offload/simulation/network.hpp"
#include "offload/simulation/random.hpp"
#include "offload/simulation/result.hpp"
#include "offload/simulation/simulate.hpp"
#include "offload/simulation/streaming.hpp"
