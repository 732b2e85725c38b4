// Tests for offload/planning/provisioning/lp_format.hpp: the LP text's rows and bounds, and reading a CBC
// solution back (the round trip through the cbc binary is in tests/python/test_provisioning.py).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "offload/planning/provisioning/lp_format.hpp"

using namespace offload::planning;

namespace {

provisioning_problem small() {
    return provisioning_problem({{"a", 100.0, 2.0}, {"b", 300.0, 5.0}},
                                {{"n0", 350.0, 10.0, {}}, {"n1", 120.0, 6.0, {1}}},
                                {{0, {0.1, 0.2}, {0.3, 0.1}}, {1, {0.1, 0.2}, {0.3, 0.4}}}, 10.0);
}

} // namespace

TEST_CASE("to_cplex_lp writes the objective, every row and the hosted bounds", "[planning][provisioning]") {
    const std::string lp = to_cplex_lp(small());
    CHECK(lp.find("Minimize\n obj: + 0.40000000000000002 x_0_0 + 0.30000000000000004 x_0_1 + 10 r_0") !=
          std::string::npos);
    CHECK(lp.find(" assign_1: + 1 x_1_0 + 1 x_1_1 + 1 r_1 = 1\n") != std::string::npos);
    CHECK(lp.find(" link_1_1: x_1_1 - y_1_1 <= 0\n") != std::string::npos);
    CHECK(lp.find(" memory_0: + 0.2857142857142857 y_0_0 + 0.8571428571428571 y_1_0 <= 1\n") != std::string::npos);
    CHECK(lp.find(" memory_1: + 0.83333333333333337 y_0_1 <= 1\n") !=
          std::string::npos); // hosted y_1_1 costs no memory
    CHECK(lp.find(" compute_1: + 0.33333333333333331 x_0_1 + 0.83333333333333337 x_1_1 <= 1\n") != std::string::npos);
    CHECK(lp.find("Bounds\n y_1_1 = 1\n") != std::string::npos);
    CHECK(lp.find("Binaries\n") != std::string::npos);
    CHECK(lp.rfind("End\n") == lp.size() - 4);
}

TEST_CASE("read_cbc_solution builds the plan and rejects bad files", "[planning][provisioning]") {
    const provisioning_problem p = small();
    const std::string text = "Optimal - objective value 0.8\n"
                             "      0 x_0_1                   1                       0.3\n"
                             "      4 x_1_0                   1                       0.4\n"
                             "      7 y_0_1                   1                         0\n"
                             "      8 y_1_0                   1                         0\n";
    const provisioning_plan x = read_cbc_solution(p, text);
    CHECK(x.dispatch == std::vector<std::size_t>{1, 0});
    CHECK(x.placement == std::vector<std::vector<std::size_t>>{{1}, {0, 1}});
    CHECK(evaluate(p, x).objective == Approx(0.7).epsilon(1e-15));
    CHECK_THROWS_AS(read_cbc_solution(p, "Infeasible - objective value 0\n"), offload::parameter_error);
    CHECK_THROWS_AS(read_cbc_solution(p, ""), offload::parameter_error);
    CHECK_THROWS_AS(read_cbc_solution(p, "Optimal - objective value 0\n 0 x_9_0 1 0\n"), offload::parameter_error);
    CHECK_THROWS_AS(read_cbc_solution(p, "Optimal - objective value 0\n 0 x_0_0 1 0\n 1 x_0_1 1 0\n"),
                    offload::parameter_error);
    CHECK_THROWS_AS(read_cbc_solution(p, "Optimal - objective value 0\n 0 x_0_0\n"), offload::parameter_error);
    // x_0_1 and x_1_1 need 2 + 5 compute on n1 (6): the evaluator refuses the plan
    CHECK_THROWS_AS(read_cbc_solution(p, "Optimal - objective value 0\n 0 x_0_1 1 0\n 1 x_1_1 1 0\n"),
                    offload::parameter_error);
}

TEST_CASE("to_mps writes the same program column-wise", "[planning][provisioning]") {
    const std::string mps = to_mps(small());
    CHECK(mps.find("ROWS\n N  obj\n E  assign_0\n E  assign_1\n L  link_0_0\n") != std::string::npos);
    CHECK(mps.find("    x_0_0  obj  0.40000000000000002\n    x_0_0  assign_0  1\n    x_0_0  link_0_0  1\n") !=
          std::string::npos);
    CHECK(mps.find("    y_1_1  link_1_1  -1\n") != std::string::npos);
    CHECK(mps.find("    rhs  assign_1  1\n") != std::string::npos);
    CHECK(mps.find("    rhs  link_0_0") == std::string::npos); // zero right-hand sides are left out
    CHECK(mps.find(" FX bnd  y_1_1  1\n") != std::string::npos);
    CHECK(mps.find(" BV bnd  r_0\n") != std::string::npos);
    CHECK(mps.find("'INTORG'") < mps.find("'INTEND'"));
    CHECK(mps.rfind("ENDATA\n") == mps.size() - 7);
}
