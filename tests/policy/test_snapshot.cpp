// Tests for offload/policy/snapshot.hpp: the sequence lock over atomics that publishes the policy's
// predictions. The stress test makes many threads read while one writer publishes as fast as it can; every
// publication k writes values that are a function of k into EVERY field of EVERY option, so a reader can check
// that all it copied came from the one publication read() reports (a torn snapshot fails the check). Bounded by
// iteration counts, no timing. Under the tsan preset ThreadSanitizer also checks it for data races.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/policy/snapshot.hpp"

using namespace offload;

namespace {

constexpr std::size_t options = 16;

option_prediction value_of(std::uint64_t k, std::size_t i) {
    option_prediction p;
    const double x = static_cast<double>(k);
    p.kind = static_cast<option_kind>((k + i) % 4);
    p.status = static_cast<prediction_status>((k + 2 * i) % 4);
    p.stable = (k + i) % 2 == 0;
    p.remote = static_cast<int>((k * 7 + i) % 100000);
    p.cut = -static_cast<int>((k * 3 + i) % 100000);
    p.mean = x + static_cast<double>(i);
    p.p95 = 2.0 * x + static_cast<double>(i);
    p.p99 = 3.0 * x + static_cast<double>(i);
    p.deadline_miss = static_cast<double>((k + i) % 1000) / 1000.0;
    p.energy = 0.5 * x - static_cast<double>(i);
    return p;
}

} // namespace

TEST_CASE("prediction_snapshot: publish and read, versions count publications", "[policy][snapshot]") {
    prediction_snapshot<options> s;
    std::array<option_prediction, options> out{};
    CHECK(s.read(out) == 0);
    CHECK(out[3] == option_prediction{}); // before the first publication: the default, unstable
    CHECK(s.version() == 0);
    std::array<option_prediction, options> in{};
    for (std::uint64_t k = 1; k <= 3; ++k) {
        for (std::size_t i = 0; i < options; ++i) in[i] = value_of(k, i);
        s.publish(in);
        CHECK(s.version() == k);
        CHECK(s.read(out) == k);
        CHECK(out == in);
    }
    // a shorter publication leaves the other slots alone; a shorter read copies only what it asks for
    s.publish(std::span<const option_prediction>(in.data(), 2));
    std::array<option_prediction, 2> two{};
    CHECK(s.read(two) == 4);
    CHECK(two[1] == in[1]);
}

TEST_CASE("prediction_snapshot concurrency: no torn snapshot under heavy contention (every field checked)",
          "[policy][snapshot][concurrency]") {
    prediction_snapshot<options> s;
    constexpr int readers = 2; // + the writer: enough threads to keep every core of a small machine busy
    // each reader reads until it has seen the snapshot change under it min_changes times (evidence that reads
    // and publications overlapped) and made min_reads reads, or until max_reads: bounded, whatever the scheduler
    constexpr long min_reads = 10000, min_changes = 1000, max_reads = 2000000;
    std::atomic<bool> go{false};
    std::atomic<int> done{0};
    std::atomic<long> torn{0}, backwards{0}, total_reads{0}, distinct{0};

    auto reader = [&] {
        std::array<option_prediction, options> out{};
        std::uint64_t last = 0;
        long changes = 0;
        while (!go.load()) {}
        long n = 0;
        for (; n < max_reads && (n < min_reads || changes < min_changes); ++n) {
            const std::uint64_t k = s.read(out);
            if (k < last) backwards.fetch_add(1);
            if (k != last) ++changes;
            last = k;
            if (k == 0) continue; // nothing published yet: defaults
            bool whole = true;
            for (std::size_t i = 0; i < options; ++i) whole = whole && out[i] == value_of(k, i);
            if (!whole) torn.fetch_add(1);
        }
        total_reads.fetch_add(n);
        distinct.fetch_add(changes);
        done.fetch_add(1);
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < readers; ++i) threads.emplace_back(reader);
    std::array<option_prediction, options> in{};
    std::uint64_t k = 0;
    std::uint32_t lcg = 12345u;
    std::atomic<int> sink{0};
    go.store(true);
    while (done.load(std::memory_order_relaxed) < readers) {
        ++k;
        for (std::size_t i = 0; i < options; ++i) in[i] = value_of(k, i);
        s.publish(in);
        // A pseudo-random pause (0 to 511 polls) between publications, so reads start at every phase of a
        // publication: back-to-back publications would starve the readers (a seqlock reader retries while a
        // publication is in flight; the policy publishes per measurement, far less often than this).
        lcg = lcg * 1664525u + 1013904223u;
        for (std::uint32_t poll = 0; poll < (lcg >> 23); ++poll) sink.fetch_add(1, std::memory_order_relaxed);
    }
    for (auto& t : threads) t.join();
    CHECK(torn.load() == 0);
    CHECK(backwards.load() == 0); // a reader never sees an older publication after a newer one
    CHECK(total_reads.load() >= readers * min_reads);
    CHECK(s.version() == k);
    CHECK(distinct.load() >= 2); // the readers did see publications change under them
    WARN("reads: " << total_reads.load() << ", publications: " << k << ", version changes seen: " << distinct.load());
}
