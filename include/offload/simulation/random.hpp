// offload/simulation/random.hpp — the simulator's random number generator and its basic variates.
//
// Reproducibility across standard libraries: std::*_distribution are implementation-defined (libstdc++ and
// libc++ return different streams for the same engine), so the simulator implements every sampler itself on
// top of xoshiro256** (Blackman & Vigna 2018, public domain reference algorithm), seeded through splitmix64.
// Independent streams come from the generator's jump (2^128 steps) and long_jump (2^192 steps) polynomials,
// so the same seed gives bit-identical draws with g++/libstdc++ and clang/libc++ on the same libm.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace offload::sim {

/// splitmix64 (Steele, Lea & Flood 2014): used to expand a 64-bit seed into the 256-bit xoshiro state.
class splitmix64 {
public:
    explicit constexpr splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
    constexpr std::uint64_t operator()() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_;
};

/// xoshiro256**: 256-bit state, period 2^256 - 1, passes BigCrush. Satisfies UniformRandomBitGenerator.
class xoshiro256ss {
public:
    using result_type = std::uint64_t;

    explicit constexpr xoshiro256ss(std::uint64_t seed = 1) noexcept : s_{} {
        splitmix64 expand(seed);
        for (auto& word : s_) word = expand();
    }

    /// From a full state (not all zero: an all-zero state would only ever produce zeros; it is replaced by the
    /// state of seed 0).
    explicit constexpr xoshiro256ss(const std::array<std::uint64_t, 4>& state) noexcept : s_(state) {
        if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) *this = xoshiro256ss(std::uint64_t{0});
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    constexpr result_type operator()() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Advances the state by 2^128 draws: 2^128 non-overlapping sub-streams.
    constexpr void jump() noexcept {
        constexpr std::array<std::uint64_t, 4> poly{0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL, 0xa9582618e03fc9aaULL,
                                                    0x39abdc4529b1661cULL};
        apply(poly);
    }

    /// Advances the state by 2^192 draws: 2^64 non-overlapping streams, each holding 2^64 jump() sub-streams.
    constexpr void long_jump() noexcept {
        constexpr std::array<std::uint64_t, 4> poly{0x76e15d3efefdcbbfULL, 0xc5004e441c522fb3ULL, 0x77710069854ee241ULL,
                                                    0x39109bb02acbe635ULL};
        apply(poly);
    }

    constexpr const std::array<std::uint64_t, 4>& state() const noexcept { return s_; }

    friend constexpr bool operator==(const xoshiro256ss&, const xoshiro256ss&) = default;

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

    constexpr void apply(const std::array<std::uint64_t, 4>& poly) noexcept {
        std::array<std::uint64_t, 4> acc{};
        for (const std::uint64_t word : poly) {
            for (int b = 0; b < 64; ++b) {
                if (word & (std::uint64_t{1} << b)) {
                    for (int i = 0; i < 4; ++i) acc[i] ^= s_[i];
                }
                (*this)();
            }
        }
        s_ = acc;
    }

    std::array<std::uint64_t, 4> s_;
};

/// Uniform on [0, 1): the top 53 bits of one draw, so every value is a multiple of 2^-53 and 1 - u is exact.
inline double uniform01(xoshiro256ss& rng) noexcept { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Uniform on (0, 1]: never 0, so its logarithm is finite.
inline double uniform01_open_below(xoshiro256ss& rng) noexcept { return 1.0 - uniform01(rng); }

/// Exponential with mean 1 by inversion: -ln U, U in (0, 1].
inline double standard_exponential(xoshiro256ss& rng) noexcept { return -std::log(uniform01_open_below(rng)); }

/// Standard normal by Marsaglia's polar method (uses only log and sqrt; the second variate is discarded so
/// the generator carries no hidden state).
inline double standard_normal(xoshiro256ss& rng) noexcept {
    for (;;) {
        const double u = 2.0 * uniform01(rng) - 1.0;
        const double v = 2.0 * uniform01(rng) - 1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
    }
}

/// Gamma with the given shape and scale 1: Marsaglia & Tsang (2000) squeeze-rejection for shape >= 1,
/// and the boost Gamma(a) = Gamma(a + 1) U^(1/a) for shape < 1. shape must be finite and > 0 (checked by
/// the caller).
inline double standard_gamma(double shape, xoshiro256ss& rng) noexcept {
    if (shape < 1.0) {
        const double boost = std::pow(uniform01_open_below(rng), 1.0 / shape);
        return standard_gamma(shape + 1.0, rng) * boost;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x = 0.0;
        double v = 0.0;
        do {
            x = standard_normal(rng);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform01_open_below(rng);
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
        if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
    }
}

} // namespace offload::sim
