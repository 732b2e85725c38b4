// offload-advisor — should each device run each workload itself or offload it to an edge server / the cloud?
//
//   offload-advisor [SCENARIO.json] [--format text|json|csv] [--objective mean|p99|cost] [--max-p99-ms X]
//                   [--plots DIR]
//
// Reads a scenario (include/offload/json/scenario.hpp; docs/advisor.md) or, without a file, the embedded seed
// 003 §4 scenario, runs offload::advise (include/offload/advisor/advise.hpp: for every workload and device the
// mean and p99 latency of every option with its breakdown, the decision by lowest mean (or p99), and the
// crossover points against each server in bandwidth, request rate and co-located tenants) and prints the report.
// --plots DIR writes one CSV per sweep and renders PNGs with plot.py (installed as share/offload/plot.py; found via
// $OFFLOAD_PLOT_SCRIPT, else <exe dir>/../share/offload/plot.py, else the build tree's examples/figures/plot.py),
// run by $OFFLOAD_PYTHON or /usr/bin/python3 with matplotlib. Its messages go to stderr, so stdout stays clean.
// Exit codes: 0 success, 1 bad scenario or failure (including "cannot plot"), 2 bad command line (the first
// line on stderr names the offending argument, then the usage follows).
// When a server of the scenario has a price, the text and JSON reports add each option's cost per request;
// --objective cost picks the cheapest option, and --max-p99-ms X only accepts options whose p99 is <= X ms.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "offload/advisor/advise.hpp"
#include "offload/json/scenario.hpp"

#ifndef OFFLOAD_BUILD_TREE_PLOT_SCRIPT // the source tree's examples/figures/plot.py (set by CMake)
#define OFFLOAD_BUILD_TREE_PLOT_SCRIPT ""
#endif
#ifndef OFFLOAD_INSTALLED_PLOT_SCRIPT // plot.py relative to the installed executable's directory (set by CMake)
#define OFFLOAD_INSTALLED_PLOT_SCRIPT "../share/offload/plot.py"
#endif
#ifndef OFFLOAD_DEFAULT_PYTHON
#define OFFLOAD_DEFAULT_PYTHON "/usr/bin/python3"
#endif

namespace {

using namespace offload;

// ----------------------------------------------------------------------------------------------- output
/// v rounded to 12 significant digits, as a JSON number (nlohmann prints the shortest text that reads back as
/// that double, so 24.999999999991754 — a stability edge found by root finding — prints as 25.0); "inf" for
/// +inf. 12 digits are well inside the models' and the crossover solver's accuracy (~1e-9 relative).
nlohmann::json number(double v) {
    if (!std::isfinite(v)) return nlohmann::json("inf");
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return nlohmann::json(std::strtod(text, nullptr));
}

std::string fmt_ms(double seconds) {
    if (!(seconds < infinity)) return "unstable";
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", seconds * 1e3);
    return b;
}

constexpr double to_mbps = 8.0 / 1e6;

void print_text(const scenario& s, const advisor_report& report, const char* objective_name) {
    std::printf("Scenario: %s\n", s.name.empty() ? "(unnamed)" : s.name.c_str());
    if (std::string_view(objective_name) == "cost")
        std::printf("Decision objective: lowest cost per request; %d tenant(s) per server\n", s.tenants);
    else
        std::printf("Decision objective: lowest %s latency; %d tenant(s) per server\n", objective_name, s.tenants);
    for (const workload_advice& a : report.advice) {
        std::printf("\n== %s on %s, %.4g req/s\n", a.workload.c_str(), a.device.c_str(), a.arrival_rate);
        std::printf("  %-18s %11s %11s | %9s %9s %9s %9s %9s %9s %9s %9s %9s\n", "option", "mean ms", "p99 ms",
                    "dev wait", "dev svc", "up wait", "up xfer", "rem wait", "rem svc", "dn wait", "dn xfer", "prop");
        for (std::size_t i = 0; i < a.options.size(); ++i) {
            const advisor_option& o = a.options[i];
            const latency_breakdown& t = o.terms;
            std::printf("  %-18s %11s %11s | %9s %9s %9s %9s %9s %9s %9s %9s %9s%s\n", o.label.c_str(),
                        fmt_ms(o.prediction.mean).c_str(), fmt_ms(o.prediction.p99).c_str(),
                        fmt_ms(t.device_wait).c_str(), fmt_ms(t.device_service).c_str(), fmt_ms(t.uplink_wait).c_str(),
                        fmt_ms(t.uplink_transfer).c_str(), fmt_ms(t.remote_wait).c_str(),
                        fmt_ms(t.remote_service).c_str(), fmt_ms(t.downlink_wait).c_str(),
                        fmt_ms(t.downlink_transfer).c_str(), fmt_ms(t.propagation).c_str(),
                        i == a.decision.index ? "  <= decision" : "");
        }
        if (priced(s)) {
            std::printf("  cost per request:");
            for (const advisor_option& o : a.options) std::printf("  %s %.6g", o.label.c_str(), o.prediction.cost);
            std::printf("\n");
        }
        std::printf("  decision: %s (%s)\n", a.options[a.decision.index].label.c_str(), to_string(a.decision.reason));
        for (const advisor_crossovers& c : a.crossovers) {
            std::printf("  crossovers vs %s:\n", c.server.c_str());
            std::printf("    bandwidth     %s\n", describe(c.bandwidth, to_mbps, "Mbit/s").c_str());
            std::printf("    request rate  %s\n", describe(c.rate, 1.0, "req/s").c_str());
            std::printf("    tenants       %s\n", describe(c.tenants, 1.0, "tenants").c_str());
        }
    }
}

nlohmann::json crossover_json(const crossover_result& r, double scale) {
    nlohmann::json j;
    j["points"] = nlohmann::json::array();
    for (double x : r.points) j["points"].push_back(number(x * scale));
    j["intervals"] = nlohmann::json::array();
    for (const crossover_interval& iv : r.intervals)
        j["intervals"].push_back({{"lower", number(iv.lower * scale)},
                                  {"upper", number(iv.upper * scale)},
                                  {"better", label(r, iv.better)}});
    return j;
}

nlohmann::json to_json_report(const scenario& s, const advisor_report& report, const char* objective_name) {
    nlohmann::json out;
    out["scenario"] = s.name;
    out["objective"] = objective_name;
    out["units"] = {{"latency", "ms"}, {"bandwidth", "Mbit/s"}, {"arrival_rate", "requests/s"}};
    out["advice"] = nlohmann::json::array();
    for (const workload_advice& a : report.advice) {
        nlohmann::json j;
        j["workload"] = a.workload;
        j["device"] = a.device;
        j["arrival_rate"] = number(a.arrival_rate);
        j["options"] = nlohmann::json::array();
        for (const advisor_option& o : a.options) {
            const latency_breakdown& t = o.terms;
            j["options"].push_back({{"option", o.label},
                                    {"where", o.where},
                                    {"stable", o.prediction.stable},
                                    {"mean", number(o.prediction.mean * 1e3)},
                                    {"p99", number(o.prediction.p99 * 1e3)},
                                    {"breakdown",
                                     {{"device_wait", number(t.device_wait * 1e3)},
                                      {"device_service", number(t.device_service * 1e3)},
                                      {"uplink_wait", number(t.uplink_wait * 1e3)},
                                      {"uplink_transfer", number(t.uplink_transfer * 1e3)},
                                      {"remote_wait", number(t.remote_wait * 1e3)},
                                      {"remote_service", number(t.remote_service * 1e3)},
                                      {"downlink_wait", number(t.downlink_wait * 1e3)},
                                      {"downlink_transfer", number(t.downlink_transfer * 1e3)},
                                      {"propagation", number(t.propagation * 1e3)}}}});
            if (priced(s)) j["options"].back()["cost_per_request"] = number(o.prediction.cost);
        }
        j["decision"] = {{"option", a.options[a.decision.index].label}, {"reason", to_string(a.decision.reason)}};
        j["crossovers"] = nlohmann::json::array();
        for (const advisor_crossovers& c : a.crossovers)
            j["crossovers"].push_back({{"server", c.server},
                                       {"bandwidth_mbps", crossover_json(c.bandwidth, to_mbps)},
                                       {"arrival_rate", crossover_json(c.rate, 1.0)},
                                       {"tenants", crossover_json(c.tenants, 1.0)}});
        out["advice"].push_back(std::move(j));
    }
    return out;
}

std::string csv_number(double seconds) { return std::isfinite(seconds) ? std::to_string(seconds * 1e3) : "inf"; }

void print_csv(const advisor_report& report) {
    std::printf("workload,device,arrival_rate,option,where,decision,mean_ms,p99_ms,device_wait_ms,device_service_ms,"
                "uplink_wait_ms,uplink_transfer_ms,remote_wait_ms,remote_service_ms,downlink_wait_ms,"
                "downlink_transfer_ms,propagation_ms,bandwidth_crossovers_mbps,rate_crossovers,tenant_crossovers\n");
    for (const workload_advice& a : report.advice) {
        for (std::size_t i = 0; i < a.options.size(); ++i) {
            const advisor_option& o = a.options[i];
            const latency_breakdown& t = o.terms;
            std::string points[3];
            if (i > 0) {
                const advisor_crossovers& c = a.crossovers[i - 1];
                const crossover_result* rs[3] = {&c.bandwidth, &c.rate, &c.tenants};
                for (int q = 0; q < 3; ++q)
                    for (std::size_t p = 0; p < rs[q]->points.size(); ++p) {
                        char b[32];
                        std::snprintf(b, sizeof b, "%s%.6g", p ? ";" : "", rs[q]->points[p] * (q == 0 ? to_mbps : 1.0));
                        points[q] += b;
                    }
            }
            std::printf("%s,%s,%g,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", a.workload.c_str(),
                        a.device.c_str(), a.arrival_rate, o.label.c_str(), o.where.c_str(),
                        i == a.decision.index ? 1 : 0, csv_number(o.prediction.mean).c_str(),
                        csv_number(o.prediction.p99).c_str(), csv_number(t.device_wait).c_str(),
                        csv_number(t.device_service).c_str(), csv_number(t.uplink_wait).c_str(),
                        csv_number(t.uplink_transfer).c_str(), csv_number(t.remote_wait).c_str(),
                        csv_number(t.remote_service).c_str(), csv_number(t.downlink_wait).c_str(),
                        csv_number(t.downlink_transfer).c_str(), csv_number(t.propagation).c_str(), points[0].c_str(),
                        points[1].c_str(), points[2].c_str());
        }
    }
}

/// One CSV per sweep in the format examples/figures/plot.py reads ('# key: value' header lines).
std::vector<std::string> write_plot_csvs(const std::filesystem::path& dir, const workload_advice& a) {
    std::vector<std::string> files;
    const char* labels[3] = {"bandwidth (Mbit/s)", "request rate (req/s)", "co-located tenants per server"};
    for (std::size_t q = 0; q < a.sweeps.size(); ++q) {
        const advisor_sweep& c = a.sweeps[q];
        const char* quantity = q == 0 ? "bandwidth_mbps" : c.quantity.c_str(); // the CSV's x is in Mbit/s
        const std::filesystem::path file = dir / (a.workload + "_" + a.device + "_" + quantity + ".csv");
        std::ofstream out(file);
        if (!out) throw std::runtime_error("cannot write " + file.string());
        out << "# title: " << a.workload << " on " << a.device << ": mean latency vs " << labels[q] << "\n";
        out << "# xlabel: " << labels[q] << "\n# ylabel: mean latency (ms)\n";
        out << "# xscale: " << (q == 2 ? "linear" : "log") << "\n# yscale: log\n";
        out << "# crossovers:";
        std::string crossover_labels; // which server's offload path crosses the device there
        for (const advisor_crossovers& cs : a.crossovers) {
            const crossover_result& r = q == 0 ? cs.bandwidth : q == 1 ? cs.rate : cs.tenants;
            for (double x : r.points) {
                out << ' ' << (q == 0 ? x * to_mbps : x);
                std::string name = cs.server; // '|' separates the labels in the CSV
                std::replace(name.begin(), name.end(), '|', '/');
                crossover_labels += (crossover_labels.empty() ? " vs " : " | vs ") + name;
            }
        }
        out << "\n";
        if (!crossover_labels.empty()) out << "# crossover_labels:" << crossover_labels << "\n";
        out << quantity;
        for (const advisor_option& o : a.options) out << ',' << o.label;
        out << '\n';
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            out << (q == 0 ? c.x[i] * to_mbps : c.x[i]);
            for (const auto& y : c.mean) out << ',' << (std::isfinite(y[i]) ? std::to_string(y[i] * 1e3) : "inf");
            out << '\n';
        }
        files.push_back(file.string());
    }
    return files;
}

// ----------------------------------------------------------------------------------------------- plotting
struct plotter {
    std::string python;
    std::filesystem::path script;
};

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

std::filesystem::path executable_directory(const char* argv0) {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) exe = std::filesystem::absolute(argv0, ec);
    return exe.parent_path();
}

/// The plot script and interpreter, checked before any work is done; throws with what was looked for.
plotter find_plotter(const char* argv0) {
    plotter p;
    const char* python = std::getenv("OFFLOAD_PYTHON");
    p.python = python != nullptr && *python != '\0' ? python : OFFLOAD_DEFAULT_PYTHON;
    std::error_code ec;
    if (const char* env = std::getenv("OFFLOAD_PLOT_SCRIPT"); env != nullptr && *env != '\0') {
        if (!std::filesystem::is_regular_file(env, ec))
            throw std::runtime_error(std::string("--plots: OFFLOAD_PLOT_SCRIPT=") + env + " is not a file");
        p.script = env;
    } else {
        const std::filesystem::path installed =
            (executable_directory(argv0) / OFFLOAD_INSTALLED_PLOT_SCRIPT).lexically_normal();
        const std::filesystem::path build_tree = OFFLOAD_BUILD_TREE_PLOT_SCRIPT;
        if (std::filesystem::is_regular_file(installed, ec))
            p.script = installed;
        else if (!build_tree.empty() && std::filesystem::is_regular_file(build_tree, ec))
            p.script = build_tree;
        else
            throw std::runtime_error("--plots: plot.py not found (looked for $OFFLOAD_PLOT_SCRIPT, " +
                                     installed.string() + (build_tree.empty() ? "" : ", " + build_tree.string()) +
                                     "); install offload or set OFFLOAD_PLOT_SCRIPT");
    }
    const std::string probe = shell_quote(p.python) + " -c 'import matplotlib' >/dev/null 2>&1";
    if (std::system(probe.c_str()) != 0)
        throw std::runtime_error("--plots: " + p.python +
                                 " cannot import matplotlib (Debian: apt-get install python3-matplotlib; "
                                 "another interpreter: set OFFLOAD_PYTHON)");
    return p;
}

int usage(const char* argv0, const std::string& problem = {}) {
    if (!problem.empty()) std::fprintf(stderr, "offload-advisor: %s\n", problem.c_str());
    std::fprintf(stderr,
                 "usage: %s [SCENARIO.json] [--format text|json|csv] [--objective mean|p99|cost] [--max-p99-ms X]\n"
                 "          [--plots DIR]\n"
                 "Without SCENARIO.json the embedded seed 003 §4 scenario is used.\n"
                 "--plots DIR needs plot.py ($OFFLOAD_PLOT_SCRIPT or the installed share/offload/plot.py) and\n"
                 "matplotlib for $OFFLOAD_PYTHON (default " OFFLOAD_DEFAULT_PYTHON "). docs/advisor.md has the rest.\n",
                 argv0);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
    std::string file, format = "text", plots, objective_name = "mean";
    double max_p99_ms = infinity;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        if (arg == "--help" || arg == "-h") {
            usage(argv[0]);
            return 0;
        }
        if (arg == "--format") {
            const auto v = value();
            if (!v) return usage(argv[0], "--format needs a value: text, json or csv");
            if (*v != "text" && *v != "json" && *v != "csv")
                return usage(argv[0], "--format '" + *v + "' is not one of: text, json, csv");
            format = *v;
        } else if (arg == "--objective") {
            const auto v = value();
            if (!v) return usage(argv[0], "--objective needs a value: mean, p99 or cost");
            if (*v != "mean" && *v != "p99" && *v != "cost")
                return usage(argv[0], "--objective '" + *v + "' is not one of: mean, p99, cost");
            objective_name = *v;
        } else if (arg == "--max-p99-ms") {
            const auto v = value();
            if (!v) return usage(argv[0], "--max-p99-ms needs a value in ms");
            char* end = nullptr;
            max_p99_ms = std::strtod(v->c_str(), &end);
            if (v->empty() || end != v->c_str() + v->size() || !(max_p99_ms >= 0.0))
                return usage(argv[0], "--max-p99-ms '" + *v + "' is not a number >= 0");
        } else if (arg == "--plots") {
            const auto v = value();
            if (!v || v->empty()) return usage(argv[0], "--plots needs a directory");
            plots = *v;
        } else if (!arg.empty() && arg[0] == '-') {
            return usage(argv[0], "unknown option '" + std::string(arg) + "'");
        } else if (file.empty()) {
            file = arg;
        } else {
            return usage(argv[0], "a second scenario file '" + std::string(arg) + "' (after '" + file +
                                      "'): the advisor reads one");
        }
    }
    try {
        std::optional<plotter> plot_with;
        if (!plots.empty()) plot_with = find_plotter(argv[0]);
        const scenario s = file.empty() ? default_scenario() : read_scenario(file);
        advise_options options;
        if (objective_name == "p99") options.goal = objective::percentile(percentile_level::p99);
        if (objective_name == "cost") options.goal = objective::cost();
        options.limits.max_p99 = max_p99_ms * 1e-3;
        options.sweeps = !plots.empty();
        const advisor_report report = advise(s, options);
        if (format == "json")
            std::cout << to_json_report(s, report, objective_name.c_str()).dump(2) << '\n';
        else if (format == "csv")
            print_csv(report);
        else
            print_text(s, report, objective_name.c_str());

        if (plot_with) {
            const std::filesystem::path dir(plots);
            std::filesystem::create_directories(dir);
            std::string command = shell_quote(plot_with->python) + " " + shell_quote(plot_with->script.string());
            std::size_t count = 0;
            for (const workload_advice& a : report.advice)
                for (const std::string& f : write_plot_csvs(dir, a)) command += " " + shell_quote(f), ++count;
            command += " 1>&2"; // plot.py's "wrote ..." lines must not mix into a JSON or CSV report
            std::fflush(stdout);
            if (std::system(command.c_str()) != 0) {
                std::fprintf(stderr, "offload-advisor: the CSVs are in %s but plotting failed: %s\n", plots.c_str(),
                             command.c_str());
                return 1;
            }
            std::fprintf(stderr, "offload-advisor: %zu plots in %s, rendered by %s\n", count, plots.c_str(),
                         plot_with->script.string().c_str());
        }
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (format == "text") std::printf("\n(computed in %.0f ms)\n", elapsed * 1e3);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "offload-advisor: %s\n", e.what());
        return 1;
    }
    return 0;
}
