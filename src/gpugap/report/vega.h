// Vega-Lite chart specifications built from a run's JSON (the shape `gpugap run --format json`
// prints, with or without Monte Carlo statistics): bars comparing the headline figures, a
// histogram per result when samples are present, a fan chart (p5–p95 band, median line) or a line
// per yearly series, and the tornado and Sobol charts of a sensitivity analysis.
// Each spec is self-contained (its data inlined, numbers labelled "$600B" rather than 6e11), so the
// same spec renders in the HTML report, in `gpugap serve` and in a notebook. A spec's "name" is a
// stable id and its "usermeta" says which section of the page shows it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gpugap {

// Sections of the page, in the order it shows them. A new view (the fleet, the financing graph)
// adds its own section name and a function returning its charts, called from report_view().
inline constexpr const char* kSectionHeadline = "headline";
inline constexpr const char* kSectionDistributions = "distributions";
inline constexpr const char* kSectionSeries = "series";
inline constexpr const char* kSectionSensitivity = "sensitivity";

// A quantity name as people read it: "ai_revenue" → "AI revenue", "gpus_per_rack" → "GPUs per
// rack".
std::string display_name(const std::string& name);

// A value in its unit ("USD", "USD/yr", "%", "GW", "x", "") as `gpugap run` shows it: "$600B",
// "$2.5B/yr", "50%", "10 GW", "17x". Mirrors format_value() for values already in their unit.
std::string format_in_unit(double value, const std::string& unit);

// A Vega expression for the size of an axis tick (`abs(datum.value)`) with its own k/M/B/T
// suffix ("400B", "1.2T"), as format_number() writes it: the axis labels of every chart.
std::string tick_magnitude_expression();

// Every chart a run's JSON supports, in page order. `headline` names the quantities of the headline
// (see report_view()); the comparison chart uses those with the first one's unit. A block's
// outputs ("fleet.capex", "financing.revenue") get none here: their block's view draws them.
// `labels` maps a quantity's name to its label (report_view()'s "labels", from the scenario's
// `label` fields); a name without one is shown as display_name() writes it.
std::vector<nlohmann::ordered_json> run_charts(
    const nlohmann::ordered_json& run, const std::vector<std::string>& headline,
    const nlohmann::ordered_json& labels = nlohmann::ordered_json::object());

// Charts of a sensitivity analysis, from the JSON of `gpugap sensitivity --format json`
// (tornado_json() and sobol_json() of report/sensitivity_json.h): the tornado, or the Sobol
// indices. The frame every chart shares: schema, name, section (usermeta.section), title and
// subtitle, width, fonts. Charts add their data, marks and encodings.
nlohmann::ordered_json base_spec(const std::string& id, const char* section,
                                 const std::string& title, const std::string& subtitle);

std::vector<nlohmann::ordered_json> sensitivity_charts(
    const nlohmann::ordered_json& sensitivity,
    const nlohmann::ordered_json& labels = nlohmann::ordered_json::object());

}  // namespace gpugap
