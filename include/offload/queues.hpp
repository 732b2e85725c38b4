// offload/queues.hpp — every queueing model (one model per header under offload/queues/).
#pragma once

#include "offload/queues/common.hpp"
#include "offload/queues/gg1.hpp"
#include "offload/queues/k_parallel.hpp"
#include "offload/queues/md1.hpp"
#include "offload/queues/mdc.hpp"
#include "offload/queues/mg1.hpp"
#include "offload/queues/mg1k.hpp"
#include "offload/queues/mm1.hpp"
#include "offload/queues/mm1k.hpp"
#include "offload/queues/mmc.hpp"
#include "offload/queues/mmck.hpp"
