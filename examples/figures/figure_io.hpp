// figure_io.hpp — what the figure programs share: the --out DIR command line, the CSV format that
// examples/figures/plot.py reads, printing crossover results, and looking up the seed 003 §4 setting in the
// advisor's embedded scenario (include/offload/json/scenario.hpp, default_scenario()), so the figures and the
// advisor use the same service times and payloads.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "offload/crossover/find_crossovers.hpp"
#include "offload/json/scenario.hpp"

namespace figures {

/// The output directory: `--out DIR` (created if missing), default the current directory. Exits with 2 on a
/// bad command line, 0 after --help.
inline std::filesystem::path output_directory(int argc, char** argv, const char* what) {
    std::filesystem::path dir = ".";
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--out" && i + 1 < argc) {
            dir = argv[++i];
        } else if (arg == "--help" || arg == "-h") {
            std::printf("usage: %s [--out DIR]\n%s\nWrites CSV files for examples/figures/plot.py into DIR "
                        "(default: the current directory).\n",
                        argv[0], what);
            std::exit(0);
        } else {
            std::fprintf(stderr, "usage: %s [--out DIR]\n", argv[0]);
            std::exit(2);
        }
    }
    std::filesystem::create_directories(dir);
    return dir;
}

/// A number for the CSV: +inf (an unstable option) is written as "inf".
inline std::string cell(double v, const char* format = "%.6g") {
    if (!std::isfinite(v)) return "inf";
    char b[64];
    std::snprintf(b, sizeof b, format, v);
    return b;
}

/// One CSV in plot.py's format: '# key: value' lines, a header row, data rows.
struct csv_figure {
    std::string title, xlabel, ylabel;
    std::string xscale = "linear", yscale = "linear";
    std::string kind = "line";      ///< line | bar | table
    std::string marker;             ///< line plots: a matplotlib marker at every point ("" = none)
    std::vector<double> crossovers; ///< x values marked on a line plot
    /// Optional, one per crossover (what crosses there: a device level, a server); no '|' inside a label.
    std::vector<std::string> crossover_labels;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    void add_row(std::vector<std::string> row) { rows.push_back(std::move(row)); }

    /// Writes DIR/NAME.csv and returns its path.
    std::filesystem::path write(const std::filesystem::path& dir, const std::string& name) const {
        const std::filesystem::path file = dir / (name + ".csv");
        std::ofstream out(file);
        if (!out) throw std::runtime_error("cannot write " + file.string());
        out << "# title: " << title << "\n# xlabel: " << xlabel << "\n# ylabel: " << ylabel << "\n# xscale: " << xscale
            << "\n# yscale: " << yscale << "\n# kind: " << kind << "\n";
        if (!marker.empty()) out << "# marker: " << marker << "\n";
        if (!crossovers.empty()) {
            out << "# crossovers:";
            for (double x : crossovers) out << ' ' << cell(x, "%.10g");
            out << "\n";
        }
        if (!crossover_labels.empty()) {
            if (crossover_labels.size() != crossovers.size())
                throw std::logic_error("csv_figure: crossover_labels must have one label per crossover");
            out << "# crossover_labels:";
            for (std::size_t i = 0; i < crossover_labels.size(); ++i) out << (i ? " | " : " ") << crossover_labels[i];
            out << "\n";
        }
        const auto line = [&](const std::vector<std::string>& r) {
            for (std::size_t i = 0; i < r.size(); ++i) out << (i ? "," : "") << r[i];
            out << "\n";
        };
        line(header);
        for (const auto& r : rows) line(r);
        if (!out) throw std::runtime_error("cannot write " + file.string());
        std::printf("wrote %s\n", file.string().c_str());
        return file;
    }
};

/// Mbit/s per byte/s.
inline constexpr double to_mbps = 8.0 / 1e6;

/// The seed 003 §4 scenario the advisor embeds (derived service times and payloads: docs/pipelines.md).
inline const offload::scenario& seed003() {
    static const offload::scenario s = offload::default_scenario();
    return s;
}

inline const offload::scenario_workload& seed003_workload(std::string_view name) {
    for (const offload::scenario_workload& w : seed003().workloads)
        if (w.name == name) return w;
    throw std::runtime_error("seed 003 scenario has no workload " + std::string(name));
}

/// Mean service time (seconds) of workload `w` on `processor` in the seed 003 scenario.
inline double seed003_service(const offload::scenario_workload& w, std::string_view processor) {
    if (const auto s = offload::service_time(w, processor)) return *s;
    throw std::runtime_error("seed 003 scenario: no service time for " + w.name + " on " + std::string(processor));
}

/// Log-spaced value i of n in [lo, hi].
inline double logspace(double lo, double hi, int i, int n) {
    return lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1));
}

} // namespace figures
