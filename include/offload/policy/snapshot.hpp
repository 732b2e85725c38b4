// offload/policy/snapshot.hpp — the policy's published predictions: one writer, any number of readers, a
// sequence lock whose every protected field is a std::atomic (no std::atomic_thread_fence anywhere).
//
//   prediction_snapshot<16> s;
//   s.publish(predictions, scores, best); // the writer (publications serialised by the caller, e.g. a mutex)
//   std::uint64_t v = s.read(out);        // any thread: a consistent copy, noexcept, no allocation, no lock
//   s.read_consistent([&](const prediction_snapshot<16>::view& v) noexcept { ... v.best() ... });
//                                         // any thread: only the fields it loads (the policy's decide())
//
// A publication carries every option's prediction and, optionally, the ranking the writer computed from them
// (each option's objective value and constraint violation, option_score, and the best choice), so a reader
// that only decides loads a handful of fields instead of copying and re-ranking every option.
// What it guarantees. A reader never blocks the writer, and the writer never waits for readers. A reader
// retries while a publication is in flight (and, with a writer publishing continuously, may retry several
// times); read() returns only a snapshot that was published whole: every field of every option from the
// SAME publication, never a mix of two ("torn").
//
// The protocol (Boehm, "Can seqlocks get along with programming language memory models?", MSPC 2012, §5:
// the formulation with release stores / acquire loads of the data; no fences, so ThreadSanitizer models
// every ordering it relies on):
//
//   writer (publication k -> k+1; seq even = 2k between publications)
//     seq.store(2k + 1, relaxed)              // "in flight"
//     every field f: f.store(v, release)      // each store is ordered after the odd sequence store
//     seq.store(2k + 2, release)              // "published": every field store happens-before it
//
//   reader (read(), and read_consistent() with whichever fields its function loads)
//     s1 = seq.load(acquire); if s1 odd: retry
//     some fields f: f.load(acquire)          // each load is ordered before the re-read below
//     s2 = seq.load(relaxed); if s1 != s2: retry
//
// Why a reader with s1 == s2 saw publication s1/2 whole. (a) s1 = 2k was read from publication k's final
// release store, so every field store of publication k happens-before the reader's field loads: by coherence
// each load returns publication k's value or a LATER one. (b) Suppose a field load returned a value written by
// a later publication j > k. That store is a release store and the load an acquire load, so they synchronise;
// publication j's odd store seq = 2j - 1 is sequenced before it, hence happens-before the reader's re-read of
// seq, which (read-read coherence) must then return 2j - 1 or a later value: s2 >= 2j - 1 > 2k = s1, and the
// reader retries. So s1 == s2 implies every load returned publication k's value. The acquire on the field
// loads is what keeps the re-read of seq from moving before them; the release on the field stores is what
// keeps them from moving before the odd store. On x86-64 every one of these is a plain mov (the cost of the
// formulation is nil there); on AArch64 they are ldar/stlr.
//
// What is verified (docs/policy.md): under the tsan preset, ThreadSanitizer checks the concurrency tests for
// data races; with this formulation it models every synchronisation the argument uses (it did not model the
// previous fence-based one). tests/policy/test_snapshot.cpp's stress test checks, under heavy contention,
// that no torn snapshot is observed in the reads it makes (a checksum over every field of every option).
// Neither is a proof; the argument above is.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <thread>
#include <utility>

#include "offload/decision/objective.hpp"

namespace offload {

/// One option's place in the ranking the policy publishes with its predictions: the objective value
/// (objective_value) and the constraint violation (constraint_violation; 0: every constraint met).
struct option_score {
    double value = infinity;
    double violation = infinity;

    bool operator==(const option_score&) const = default;
};

template <std::size_t Capacity>
class prediction_snapshot {
public:
    static constexpr std::size_t capacity = Capacity;
    static_assert(Capacity >= 1 && Capacity <= 256, "the best choice's index is packed in 8 bits");

    prediction_snapshot() = default;
    prediction_snapshot(const prediction_snapshot&) = delete;
    prediction_snapshot& operator=(const prediction_snapshot&) = delete;

    /// Publishes the first p.size() (<= Capacity; extra ones are ignored) predictions, and optionally the
    /// ranking decide() reads: each option's objective value and constraint violation (scores, the same size as
    /// p or empty) and the best choice among them. ONE writer at a time: the caller serialises publications (the
    /// policy holds its writer mutex). noexcept, no allocation.
    void publish(std::span<const option_prediction> p, std::span<const option_score> scores = {},
                 const choice& best = {}) noexcept {
        const std::size_t n = p.size() < Capacity ? p.size() : Capacity;
        const std::uint64_t s = seq_.load(std::memory_order_relaxed);
        seq_.store(s + 1, std::memory_order_relaxed);
        for (std::size_t i = 0; i < n; ++i) {
            slot& x = slots_[i];
            const option_prediction& v = p[i];
            x.mean.store(v.mean, std::memory_order_release);
            x.p95.store(v.p95, std::memory_order_release);
            x.p99.store(v.p99, std::memory_order_release);
            x.miss.store(v.deadline_miss, std::memory_order_release);
            x.energy.store(v.energy, std::memory_order_release);
            x.cost.store(v.cost, std::memory_order_release);
            x.remote.store(v.remote, std::memory_order_release);
            x.cut.store(v.cut, std::memory_order_release);
            x.flags.store(pack(v), std::memory_order_release);
            const option_score score = i < scores.size() ? scores[i] : option_score{};
            x.value.store(score.value, std::memory_order_release);
            x.violation.store(score.violation, std::memory_order_release);
        }
        best_.store(pack(best), std::memory_order_release);
        seq_.store(s + 2, std::memory_order_release);
    }

    /// A consistent copy of the first out.size() (<= Capacity) predictions of one publication; returns its
    /// number (0 before the first publication: every option then reads as the default, unstable). Retries
    /// while a publication is in flight (yielding the processor after a few attempts). noexcept, no allocation.
    std::uint64_t read(std::span<option_prediction> out) const noexcept {
        const std::size_t n = out.size() < Capacity ? out.size() : Capacity;
        return read_consistent([&](const view& v) noexcept {
            for (std::size_t i = 0; i < n; ++i) v.prediction(i, out[i]);
        });
    }

    /// What a reader may load inside read_consistent (every load an acquire load of one field; indices
    /// < Capacity, unchecked).
    class view {
    public:
        explicit view(const prediction_snapshot& s) noexcept : s_(s) {}
        /// The publication's best choice (index, reason, feasible, value = score(index).value; the default
        /// choice, reason no_options, before the first publication or when published without one).
        [[nodiscard]] choice best() const noexcept {
            const std::uint32_t b = s_.best_.load(std::memory_order_acquire);
            choice c;
            c.index = b & 0xffu;
            c.reason = static_cast<choice_reason>((b >> 8) & 0xffu);
            c.feasible = ((b >> 16) & 1u) != 0;
            c.value = c.reason == choice_reason::no_stable_option || c.reason == choice_reason::no_options
                          ? infinity
                          : s_.slots_[c.index].value.load(std::memory_order_acquire);
            return c;
        }
        [[nodiscard]] option_score score(std::size_t i) const noexcept {
            const slot& x = s_.slots_[i];
            return {x.value.load(std::memory_order_acquire), x.violation.load(std::memory_order_acquire)};
        }
        [[nodiscard]] bool stable(std::size_t i) const noexcept {
            return ((s_.slots_[i].flags.load(std::memory_order_acquire) >> 16) & 1u) != 0;
        }
        void prediction(std::size_t i, option_prediction& v) const noexcept {
            const slot& x = s_.slots_[i];
            v.mean = x.mean.load(std::memory_order_acquire);
            v.p95 = x.p95.load(std::memory_order_acquire);
            v.p99 = x.p99.load(std::memory_order_acquire);
            v.deadline_miss = x.miss.load(std::memory_order_acquire);
            v.energy = x.energy.load(std::memory_order_acquire);
            v.cost = x.cost.load(std::memory_order_acquire);
            v.remote = x.remote.load(std::memory_order_acquire);
            v.cut = x.cut.load(std::memory_order_acquire);
            unpack(x.flags.load(std::memory_order_acquire), v);
        }

    private:
        const prediction_snapshot& s_;
    };

    /// Runs f(view) between the two loads of the sequence number, again until they agree and are even: the
    /// values f loaded in its LAST run all come from the one publication whose number is returned. f may run
    /// several times, so it should only load through the view and write to its own locals. noexcept, no lock.
    template <class F>
    std::uint64_t read_consistent(F&& f) const noexcept {
        static_assert(noexcept(f(std::declval<const view&>())), "the reader must be noexcept");
        const view v(*this);
        for (unsigned attempt = 0;; ++attempt) {
            if (attempt >= 64) std::this_thread::yield(); // the writer may have been preempted mid-publication
            const std::uint64_t s1 = seq_.load(std::memory_order_acquire);
            if (s1 & 1u) continue; // a publication is in flight
            f(v);
            if (seq_.load(std::memory_order_relaxed) == s1) return s1 / 2;
        }
    }

    /// Number of publications so far (a publication in flight is not counted).
    [[nodiscard]] std::uint64_t version() const noexcept { return seq_.load(std::memory_order_acquire) / 2; }

private:
    struct slot {
        std::atomic<double> mean{infinity}, p95{infinity}, p99{infinity}, miss{1.0}, energy{0.0};
        std::atomic<double> cost{0.0};
        std::atomic<int> remote{-1}, cut{-1};
        std::atomic<std::uint32_t> flags{pack(option_prediction{})}; // kind | status << 8 | stable << 16
        std::atomic<double> value{infinity}, violation{infinity};    // the ranking: option_score
    };

    static constexpr std::uint32_t pack(const option_prediction& v) noexcept {
        return static_cast<std::uint32_t>(v.kind) | (static_cast<std::uint32_t>(v.status) << 8) |
               (v.stable ? 1u << 16 : 0u);
    }
    static constexpr std::uint32_t pack(const choice& c) noexcept { // index | reason << 8 | feasible << 16
        return static_cast<std::uint32_t>(c.index & 0xffu) | (static_cast<std::uint32_t>(c.reason) << 8) |
               (c.feasible ? 1u << 16 : 0u);
    }
    static void unpack(std::uint32_t f, option_prediction& v) noexcept {
        v.kind = static_cast<option_kind>(f & 0xffu);
        v.status = static_cast<prediction_status>((f >> 8) & 0xffu);
        v.stable = ((f >> 16) & 1u) != 0;
    }

    std::array<slot, Capacity> slots_{};
    std::atomic<std::uint32_t> best_{pack(choice{})};
    std::atomic<std::uint64_t> seq_{0};
};

} // namespace offload
