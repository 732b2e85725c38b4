// offload/planning/provisioning/lp_format.hpp — the provisioning integer program as CPLEX LP text, for an
// external MILP solver (CBC, HiGHS, Gurobi, CPLEX), and a reader of CBC's solution file back into a plan.
//
// Variables (binary): x_i_j = request i served by node j, y_k_j = model k placed on node j, r_i = request i
// rejected. Only pairs that can matter are written: x_i_j and y_k_j where node j could host model k on its
// own (provisioning_problem::can_host), y_k_j only for requested models, r_i only for requests some node
// could host (the others are rejected in every plan and add nothing to the objective).
//   minimise   sum (tau_ij + theta_ij) x_i_j + P sum r_i
//   assign_i:  sum_j x_i_j + r_i = 1
//   link_i_j:  x_i_j - y_k(i)_j <= 0
//   memory_j:  sum over non-hosted k of (m_k / M_j) y_k_j <= 1     (divided by M_j when M_j > 0)
//   compute_j: sum_i (c_k(i) / C_j) x_i_j <= 1                      (divided by C_j when C_j > 0)
//   hosted models: y_k_j = 1 (bounds)
// Its optimum equals solve_provisioning_exact's objective (tests/python/test_provisioning.py checks this
// through the `cbc` binary). Coefficients are written with 17 significant digits.
//
// read_cbc_solution reads the file `cbc model.lp solve solu out.txt` writes (first line: status and objective;
// then one line per non-zero variable: index, name, value, reduced cost) and returns the plan of its x
// values (placements = hosted models + the models the dispatch needs; a y set to 1 without a request is
// dropped). The plan is checked by the evaluator.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "offload/error.hpp"
#include "offload/planning/provisioning/plan.hpp"
#include "offload/planning/provisioning/problem.hpp"

namespace offload::planning {

namespace detail {

inline std::string lp_number(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

/// appends "+ coef name" terms, breaking lines (LP readers limit line length)
class lp_line {
public:
    explicit lp_line(std::string& out) : out_(out) {}
    void term(double coef, const std::string& name) {
        if (count_ > 0 && count_ % 6 == 0) out_ += "\n   ";
        out_ += (coef < 0.0 ? " - " : " + ") + lp_number(std::fabs(coef)) + " " + name;
        ++count_;
    }
    [[nodiscard]] std::size_t count() const noexcept { return count_; }

private:
    std::string& out_;
    std::size_t count_ = 0;
};

[[nodiscard]] inline std::string x_name(std::size_t i, std::size_t j) {
    return "x_" + std::to_string(i) + "_" + std::to_string(j);
}
[[nodiscard]] inline std::string y_name(std::size_t k, std::size_t j) {
    return "y_" + std::to_string(k) + "_" + std::to_string(j);
}

} // namespace detail

/// The integer program of p as CPLEX LP text (header comment).
[[nodiscard]] inline std::string to_cplex_lp(const provisioning_problem& p) {
    const std::size_t n = p.request_count();
    const std::size_t s = p.node_count();
    const std::size_t kk = p.model_count();
    std::vector<char> servable(n, 0);
    std::vector<char> requested(kk, 0);
    for (std::size_t i = 0; i < n; ++i) {
        servable[i] = detail::rejection_of(p, i) == rejection_reason::capacity_exhausted ? 1 : 0;
        if (servable[i]) requested[p.request(i).model] = 1;
    }
    const auto usable = [&](std::size_t i, std::size_t j) { return servable[i] && p.can_host(j, p.request(i).model); };
    // memory and compute rows are divided by the node's capacity (right-hand side 1): with bytes and FLOP
    // (1e8..1e10) CBC 2.10 returned a plan one rejection worse than the optimum and called it optimal
    const auto scale = [](double capacity) { return capacity > 0.0 ? capacity : 1.0; };
    std::string out = "\\ offload provisioning problem: " + std::to_string(n) + " requests, " + std::to_string(s) +
                      " nodes, " + std::to_string(kk) + " models\nMinimize\n obj:";
    std::vector<std::string> binaries;
    {
        detail::lp_line obj(out);
        for (std::size_t i = 0; i < n; ++i) {
            if (!servable[i]) continue;
            for (std::size_t j = 0; j < s; ++j)
                if (usable(i, j)) {
                    obj.term(p.latency(i, j), detail::x_name(i, j));
                    binaries.push_back(detail::x_name(i, j));
                }
            obj.term(p.rejection_cost(), "r_" + std::to_string(i));
            binaries.push_back("r_" + std::to_string(i));
        }
        if (obj.count() == 0) out += " 0 r_none";
    }
    out += "\nSubject To\n";
    for (std::size_t i = 0; i < n; ++i) {
        if (!servable[i]) continue;
        out += " assign_" + std::to_string(i) + ":";
        detail::lp_line row(out);
        for (std::size_t j = 0; j < s; ++j)
            if (usable(i, j)) row.term(1.0, detail::x_name(i, j));
        row.term(1.0, "r_" + std::to_string(i));
        out += " = 1\n";
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < s; ++j)
            if (usable(i, j))
                out += " link_" + std::to_string(i) + "_" + std::to_string(j) + ": " + detail::x_name(i, j) + " - " +
                       detail::y_name(p.request(i).model, j) + " <= 0\n";
    for (std::size_t j = 0; j < s; ++j) {
        std::string row_text = " memory_" + std::to_string(j) + ":";
        detail::lp_line row(row_text);
        for (std::size_t k = 0; k < kk; ++k)
            if (requested[k] && p.can_host(j, k) && !p.hosts(j, k))
                row.term(p.model(k).memory / scale(p.node(j).memory), detail::y_name(k, j));
        if (row.count() > 0)
            out += row_text + " <= " + detail::lp_number(p.node(j).memory / scale(p.node(j).memory)) + "\n";
    }
    for (std::size_t j = 0; j < s; ++j) {
        std::string row_text = " compute_" + std::to_string(j) + ":";
        detail::lp_line row(row_text);
        for (std::size_t i = 0; i < n; ++i)
            if (usable(i, j))
                row.term(p.model(p.request(i).model).compute_per_request / scale(p.node(j).compute),
                         detail::x_name(i, j));
        if (row.count() > 0)
            out += row_text + " <= " + detail::lp_number(p.node(j).compute / scale(p.node(j).compute)) + "\n";
    }
    out += "Bounds\n";
    for (std::size_t j = 0; j < s; ++j)
        for (std::size_t k = 0; k < kk; ++k)
            if (requested[k] && p.can_host(j, k)) {
                if (p.hosts(j, k)) out += " " + detail::y_name(k, j) + " = 1\n";
                binaries.push_back(detail::y_name(k, j));
            }
    out += "Binaries\n";
    for (std::size_t t = 0; t < binaries.size(); ++t) out += " " + binaries[t] + (t % 8 == 7 ? "\n" : "");
    if (binaries.size() % 8 != 0) out += "\n";
    out += "End\n";
    return out;
}

/// The plan in a CBC solution file (header comment). Throws parameter_error (`solution`) when the status is
/// not optimal, a line cannot be read, a name is not a variable of p, or the plan breaks a rule.
[[nodiscard]] inline provisioning_plan read_cbc_solution(const provisioning_problem& p, const std::string& text) {
    constexpr const char* fn = "offload::planning::read_cbc_solution";
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line))
        offload::detail::throw_parameter_error(fn, "solution", std::string("\"\""), "is empty");
    if (line.rfind("Optimal", 0) != 0)
        offload::detail::throw_parameter_error(fn, "solution", "\"" + line + "\"",
                                               "must start with CBC's status line \"Optimal - objective value ...\"");
    std::vector<std::size_t> dispatch(p.request_count(), provisioning_plan::rejected);
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::string first;
        if (!(row >> first)) continue;
        if (first == "**") row >> first; // CBC marks values outside their bounds
        std::string name;
        double value = 0.0;
        if (!(row >> name >> value))
            offload::detail::throw_parameter_error(fn, "solution", "\"" + line + "\"",
                                                   "each line must read: index name value reduced_cost");
        if (name.size() < 2 || name[0] != 'x' || name[1] != '_' || !(value > 0.5)) continue;
        std::size_t i = 0;
        std::size_t j = 0;
        char tail = 0;
        if (std::sscanf(name.c_str(), "x_%zu_%zu%c", &i, &j, &tail) != 2 || i >= p.request_count() ||
            j >= p.node_count())
            offload::detail::throw_parameter_error(fn, "solution", "\"" + name + "\"",
                                                   "names a variable that is not x_<request>_<node> of this problem");
        if (dispatch[i] != provisioning_plan::rejected)
            offload::detail::throw_parameter_error(fn, "solution", "\"" + name + "\"", "serves a request on two nodes");
        dispatch[i] = j;
    }
    provisioning_plan x = make_provisioning_plan(p, dispatch);
    (void)evaluate(p, x);
    return x;
}

} // namespace offload::planning
