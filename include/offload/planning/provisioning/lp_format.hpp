// offload/planning/provisioning/lp_format.hpp — the provisioning integer program as CPLEX LP or MPS text, for an
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
#include <unordered_map>
#include <unordered_set>
#include <utility>
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

namespace detail {

/// The integer program of the header comment, once, for both writers: objective terms, rows, bounds, binaries.
struct provisioning_milp {
    struct row {
        std::string name;
        std::vector<std::pair<double, std::string>> terms;
        char sense = 'L'; ///< 'E' (=) or 'L' (<=)
        double rhs = 0.0;
        bool link = false; ///< x - y <= 0 (written without coefficients in LP text)
    };
    std::string comment;
    std::vector<std::pair<double, std::string>> objective;
    std::vector<row> rows;
    std::vector<std::string> fixed_one; ///< hosted models: y = 1
    std::vector<std::string> binaries;
};

[[nodiscard]] inline provisioning_milp make_provisioning_milp(const provisioning_problem& p) {
    const std::size_t n = p.request_count();
    const std::size_t s = p.node_count();
    const std::size_t kk = p.model_count();
    std::vector<char> servable(n, 0);
    std::vector<char> requested(kk, 0);
    for (std::size_t i = 0; i < n; ++i) {
        servable[i] = rejection_of(p, i) == rejection_reason::capacity_exhausted ? 1 : 0;
        if (servable[i]) requested[p.request(i).model] = 1;
    }
    const auto usable = [&](std::size_t i, std::size_t j) { return servable[i] && p.can_host(j, p.request(i).model); };
    // memory and compute rows are divided by the node's capacity (right-hand side 1): with bytes and FLOP
    // (1e8..1e10) CBC 2.10 returned a plan one rejection worse than the optimum and called it optimal
    const auto scale = [](double capacity) { return capacity > 0.0 ? capacity : 1.0; };
    provisioning_milp m;
    m.comment = "offload provisioning problem: " + std::to_string(n) + " requests, " + std::to_string(s) + " nodes, " +
                std::to_string(kk) + " models";
    for (std::size_t i = 0; i < n; ++i) {
        if (!servable[i]) continue;
        for (std::size_t j = 0; j < s; ++j)
            if (usable(i, j)) {
                m.objective.emplace_back(p.latency(i, j), x_name(i, j));
                m.binaries.push_back(x_name(i, j));
            }
        m.objective.emplace_back(p.rejection_cost(), "r_" + std::to_string(i));
        m.binaries.push_back("r_" + std::to_string(i));
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!servable[i]) continue;
        provisioning_milp::row r{"assign_" + std::to_string(i), {}, 'E', 1.0, false};
        for (std::size_t j = 0; j < s; ++j)
            if (usable(i, j)) r.terms.emplace_back(1.0, x_name(i, j));
        r.terms.emplace_back(1.0, "r_" + std::to_string(i));
        m.rows.push_back(std::move(r));
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < s; ++j)
            if (usable(i, j))
                m.rows.push_back({"link_" + std::to_string(i) + "_" + std::to_string(j),
                                  {{1.0, x_name(i, j)}, {-1.0, y_name(p.request(i).model, j)}},
                                  'L',
                                  0.0,
                                  true});
    for (std::size_t j = 0; j < s; ++j) {
        provisioning_milp::row r{
            "memory_" + std::to_string(j), {}, 'L', p.node(j).memory / scale(p.node(j).memory), false};
        for (std::size_t k = 0; k < kk; ++k)
            if (requested[k] && p.can_host(j, k) && !p.hosts(j, k))
                r.terms.emplace_back(p.model(k).memory / scale(p.node(j).memory), y_name(k, j));
        if (!r.terms.empty()) m.rows.push_back(std::move(r));
    }
    for (std::size_t j = 0; j < s; ++j) {
        provisioning_milp::row r{
            "compute_" + std::to_string(j), {}, 'L', p.node(j).compute / scale(p.node(j).compute), false};
        for (std::size_t i = 0; i < n; ++i)
            if (usable(i, j))
                r.terms.emplace_back(p.model(p.request(i).model).compute_per_request / scale(p.node(j).compute),
                                     x_name(i, j));
        if (!r.terms.empty()) m.rows.push_back(std::move(r));
    }
    for (std::size_t j = 0; j < s; ++j)
        for (std::size_t k = 0; k < kk; ++k)
            if (requested[k] && p.can_host(j, k)) {
                if (p.hosts(j, k)) m.fixed_one.push_back(y_name(k, j));
                m.binaries.push_back(y_name(k, j));
            }
    return m;
}

} // namespace detail

/// The integer program of p as CPLEX LP text (header comment).
[[nodiscard]] inline std::string to_cplex_lp(const provisioning_problem& p) {
    const detail::provisioning_milp m = detail::make_provisioning_milp(p);
    std::string out = "\\ " + m.comment + "\nMinimize\n obj:";
    {
        detail::lp_line obj(out);
        for (const auto& [c, name] : m.objective) obj.term(c, name);
        if (obj.count() == 0) out += " 0 r_none";
    }
    out += "\nSubject To\n";
    for (const auto& r : m.rows) {
        if (r.link) {
            out += " " + r.name + ": " + r.terms[0].second + " - " + r.terms[1].second + " <= 0\n";
            continue;
        }
        std::string row_text = " " + r.name + ":";
        detail::lp_line row(row_text);
        for (const auto& [c, name] : r.terms) row.term(c, name);
        out += row_text + (r.sense == 'E' ? " = " : " <= ") + detail::lp_number(r.rhs) + "\n";
    }
    out += "Bounds\n";
    for (const auto& name : m.fixed_one) out += " " + name + " = 1\n";
    out += "Binaries\n";
    for (std::size_t t = 0; t < m.binaries.size(); ++t) out += " " + m.binaries[t] + (t % 8 == 7 ? "\n" : "");
    if (m.binaries.size() % 8 != 0) out += "\n";
    out += "End\n";
    return out;
}

/// The same integer program as fixed-format-compatible free MPS text (names without spaces; integer
/// variables between MARKER lines, bounds BV, hosted models FX 1). `cbc model.mps solve solu out.txt` reads it
/// and read_cbc_solution reads the solution back. An empty objective gets a dummy variable r_none.
[[nodiscard]] inline std::string to_mps(const provisioning_problem& p) {
    const detail::provisioning_milp m = detail::make_provisioning_milp(p);
    // column-wise: per variable, its objective coefficient and its row entries, in first-appearance order
    std::vector<std::string> order;
    std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> column;
    const auto entry = [&](const std::string& var, const std::string& row, double c) {
        auto it = column.find(var);
        if (it == column.end()) {
            order.push_back(var);
            it = column.emplace(var, std::vector<std::pair<std::string, double>>{}).first;
        }
        it->second.emplace_back(row, c);
    };
    for (const auto& [c, name] : m.objective) entry(name, "obj", c);
    for (const auto& r : m.rows)
        for (const auto& [c, name] : r.terms) entry(name, r.name, c);
    for (const auto& name : m.binaries)
        if (column.find(name) == column.end()) entry(name, "obj", 0.0);
    if (order.empty()) entry("r_none", "obj", 0.0);
    std::string out = "* " + m.comment + "\nNAME          offload_provisioning\nROWS\n N  obj\n";
    for (const auto& r : m.rows) out += std::string(" ") + r.sense + "  " + r.name + "\n";
    out += "COLUMNS\n    MARKER                 'MARKER'                 'INTORG'\n";
    for (const auto& var : order)
        for (const auto& [row, c] : column[var]) out += "    " + var + "  " + row + "  " + detail::lp_number(c) + "\n";
    out += "    MARKER                 'MARKER'                 'INTEND'\nRHS\n";
    for (const auto& r : m.rows)
        if (r.rhs != 0.0) out += "    rhs  " + r.name + "  " + detail::lp_number(r.rhs) + "\n";
    out += "BOUNDS\n";
    std::unordered_set<std::string> fixed(m.fixed_one.begin(), m.fixed_one.end());
    for (const auto& var : order) out += (fixed.count(var) ? " FX bnd  " + var + "  1\n" : " BV bnd  " + var + "\n");
    out += "ENDATA\n";
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
