// Erlang B/C by the incomplete gamma function (c >= 300, detail/erlang.hpp) against the recursion and mpmath.
#include <cmath>
#include <initializer_list>
#include <utility>

#include <catch2/catch.hpp>

#include "approx.hpp"
#include "offload/detail/erlang.hpp"
#include "offload/queues/mmc.hpp"

using offload::test::rel;

TEST_CASE("Erlang C: the incomplete-gamma form matches mpmath for c = 10 ... 1e5", "[queues][erlang]") {
    // /usr/bin/python3 -c "import mpmath as mp; mp.mp.dps = 50
    // B = lambda c, a: mp.exp(-a + c*mp.log(a) - mp.loggamma(c+1)) / mp.gammainc(c+1, a, mp.inf, regularized=True)
    // C = lambda c, a: c*B(c, a)/(c - a*(1 - B(c, a))); print(C(mp.mpf(10000), mp.mpf(9000)))"   (and so on)
    const std::initializer_list<std::pair<std::pair<int, double>, double>> reference = {
        {{10, 9.0}, 0.66873152410769699951},         {{300, 285.0}, 0.27946484972378493672},
        {{1000, 900.0}, 0.00059266996637878121908},  {{10000, 9000.0}, 2.0916197944192896143e-25},
        {{10000, 9900.0}, 0.22277692886414824097},   {{100000, 99000.0}, 0.00082190823741079540165},
        {{100000, 99900.0}, 0.65799351179530264945},
    };
    for (const auto& [args, expected] : reference) {
        CAPTURE(args.first, args.second);
        // the recursion accumulates about c ulp; the gamma form stays near 1e-14
        CHECK(offload::erlang_c(args.first, args.second) == rel(expected, args.first >= 300 ? 1e-12 : 1e-13));
    }
}

TEST_CASE("Erlang B: incomplete-gamma form and recursion agree where both apply", "[queues][erlang]") {
    for (int c : {300, 301, 1000, 4096, 10000, 100000}) {
        for (double load : {0.01, 0.5, 0.9, 0.99, 0.999999}) {
            const double a = load * c;
            CAPTURE(c, a);
            const double gamma = offload::detail::erlang_b_gamma(c, a);
            const double recursion = offload::detail::erlang_b_recursion(c, a);
            if (recursion > 1e-290) {
                // the recursion's own relative error grows like c ulp (2e-11 at 1e5)
                CHECK(gamma == rel(recursion, 1e-15 * c + 1e-13));
            } else {
                CHECK(gamma <= 1e-280); // both underflow: P(N = c) is below double range
            }
        }
    }
    // below the threshold or at a >= c the recursion is used, so the public function equals it exactly there
    CHECK(offload::detail::erlang_b_unchecked(299, 290.0) == offload::detail::erlang_b_recursion(299, 290.0));
    CHECK(offload::detail::erlang_b_unchecked(1000, 1000.0) == offload::detail::erlang_b_recursion(1000, 1000.0));
    CHECK(offload::detail::erlang_b_unchecked(1000, 0.0) == 0.0);
    CHECK(offload::erlang_c(100000, 1e5) == 1.0);
}
