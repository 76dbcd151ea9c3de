#include "gpugap/report/vega.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "gpugap/units/format.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

constexpr int kWidth = 560;
constexpr const char* kBlue = "#3b6ea8";
constexpr const char* kOrange = "#d9822b";
constexpr const char* kInk = "#333333";

// Words a name spells in lower case that people write otherwise.
std::string display_word(const std::string& word) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"ai", "AI"},         {"gpu", "GPU"},       {"gpus", "GPUs"},       {"gw", "GW"},
      {"mw", "MW"},         {"kw", "kW"},         {"it", "IT"},           {"pue", "PUE"},
      {"openai", "OpenAI"}, {"nvidia", "Nvidia"}, {"chatgpt", "ChatGPT"}, {"capex", "capex"},
      {"npv", "NPV"},       {"roi", "ROI"},       {"us", "US"},           {"usd", "USD"}};
  for (const auto& [lower, shown] : kWords) {
    if (word == lower) return shown;
  }
  return word;
}

std::optional<double> number(const json& value) {
  if (!value.is_number()) return std::nullopt;
  double v = value.get<double>();
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// A statistic of a quantity: `key` of a scalar, or of one year of a series (its statistics are
// objects keyed by year, or arrays parallel to the years).
std::optional<double> stat(const json& entry, const char* key, const std::string& year = "",
                           size_t year_index = 0) {
  auto it = entry.find(key);
  if (it == entry.end()) return std::nullopt;
  if (year.empty()) return number(*it);
  if (it->is_object()) {
    auto y = it->find(year);
    return y == it->end() ? std::nullopt : number(*y);
  }
  if (it->is_array() && year_index < it->size()) return number((*it)[year_index]);
  return std::nullopt;
}

// How an axis shows numbers of one unit: "$600B", "45%", "10 GW" (the unit then in the title).
struct AxisNumbers {
  std::string prefix;  // "$" for money
  std::string suffix;  // "%" or "x"
  std::string title_unit;
};

AxisNumbers axis_numbers(const std::string& unit) {
  AxisNumbers a;
  if (unit == "%") {
    a.suffix = "%";
  } else if (unit.rfind("USD", 0) == 0) {
    a.prefix = "$";
    a.title_unit = unit;
  } else if (unit == "x") {
    a.suffix = "x";
  } else {
    a.title_unit = unit;
  }
  return a;
}

// A Vega expression that labels an axis tick (`datum.value`) as format_number() would: each tick
// with its own k/M/B/T suffix, so that an axis reads "$400B, $800B, $1.2T".
std::string label_expression(const AxisNumbers& a) {
  std::string sign = fmt::format("(datum.value < 0 ? '-{0}' : '{0}')", a.prefix);
  if (a.suffix == "%") return fmt::format("format(datum.value, ',~g') + '%'");
  return fmt::format("{} + ({}) + '{}'", sign, tick_magnitude_expression(), a.suffix);
}

std::string axis_title(const std::string& text, const AxisNumbers& a) {
  return a.title_unit.empty() ? text : fmt::format("{} ({})", text, a.title_unit);
}

json value_axis(const std::string& title, const AxisNumbers& a) {
  return {{"title", axis_title(title, a)}, {"labelExpr", label_expression(a)}, {"tickCount", 6}};
}

// A quantity's name as the scenario labels it (report_view()'s "labels"), else as people read it.
std::string label_of(const json& labels, const std::string& name) {
  auto it = labels.find(name);
  return it != labels.end() && it->is_string() && !it->get<std::string>().empty()
             ? it->get<std::string>()
             : display_name(name);
}

// Bars of the headline quantities that share the first one's unit, with the p5–p95 interval when
// samples are present. Nothing when fewer than two are comparable.
std::optional<json> headline_chart(const json& quantities, const std::vector<std::string>& headline,
                                   const json& labels) {
  std::string unit;
  json rows = json::array();
  bool intervals = false;
  double low = 0, high = 0;  // the domain: zero, the bars, the whiskers and their labels
  for (const std::string& name : headline) {
    auto it = quantities.find(name);
    if (it == quantities.end()) continue;
    const json& entry = *it;
    // A result's median; an input's own central value, as `gpugap run` shows them.
    auto value = stat(entry, "p50") && !entry.value("input", false)
                     ? stat(entry, "p50")
                     : number(entry.value("value", json()));
    if (!value) continue;
    std::string u = entry.value("unit", "");
    if (rows.empty()) unit = u;
    if (u != unit) continue;
    json row = {{"name", label_of(labels, name)},
                {"value", *value},
                {"shown", format_in_unit(*value, unit)}};
    auto p5 = stat(entry, "p5"), p95 = stat(entry, "p95");
    if (p5 && p95) {
      row["lo"] = *p5;
      row["hi"] = *p95;
      row["interval"] = format_in_unit(*p5, unit) + " to " + format_in_unit(*p95, unit);
      intervals = true;
    }
    // The value's label sits right of the bar and of its whisker.
    double label_at = std::max(*value, p95.value_or(*value));
    row["label_at"] = label_at;
    low = std::min({low, *value, p5.value_or(*value)});
    high = std::max(high, label_at);
    rows.push_back(row);
  }
  if (rows.size() < 2) return std::nullopt;
  AxisNumbers axis = axis_numbers(unit);
  json spec = base_spec("headline", kSectionHeadline, "The headline figures",
                        intervals ? "median; the whiskers span 90% of samples (p5 to p95)" : "");
  spec["data"] = {{"values", rows}};
  json tooltip = json::array({{{"field", "name"}, {"title", "quantity"}},
                              {{"field", "shown"}, {"title", intervals ? "median" : "value"}}});
  if (intervals) tooltip.push_back({{"field", "interval"}, {"title", "90% of samples"}});
  json y = {{"field", "name"},
            {"type", "nominal"},
            {"sort", nullptr},
            {"axis", {{"title", nullptr}, {"labelFontSize", 13}, {"labelLimit", 240}}}};
  // Room on the right for the labels.
  json x = {{"field", "value"},
            {"type", "quantitative"},
            {"scale", {{"domain", {low, high + 0.15 * (high - low)}}, {"nice", true}}},
            {"axis", value_axis("", axis)}};
  x["axis"]["title"] = axis.title_unit.empty() ? json(nullptr) : json(axis.title_unit);
  json layers = json::array();
  layers.push_back({{"mark", {{"type", "bar"}, {"color", kBlue}, {"height", {{"band", 0.6}}}}},
                    {"encoding", {{"y", y}, {"x", x}, {"tooltip", tooltip}}}});
  if (intervals) {
    layers.push_back({{"mark", {{"type", "rule"}, {"color", kInk}, {"strokeWidth", 1.5}}},
                      {"encoding",
                       {{"y", y},
                        {"x", {{"field", "lo"}, {"type", "quantitative"}}},
                        {"x2", {{"field", "hi"}}},
                        {"tooltip", tooltip}}}});
  }
  layers.push_back({{"mark",
                     {{"type", "text"},
                      {"align", "left"},
                      {"dx", 6},
                      {"fontSize", 13},
                      {"fontWeight", "bold"},
                      {"color", kInk}}},
                    {"encoding",
                     {{"y", y},
                      {"x", {{"field", "label_at"}, {"type", "quantitative"}}},
                      {"text", {{"field", "shown"}}}}}});
  // A fixed height, not a step: a step height cannot fit a container's width.
  spec["height"] = 34 * static_cast<int>(rows.size());
  spec["layer"] = layers;
  return spec;
}

// When a first_year() result comes: P(by each year) of the time axis, a bar per year, and a bar
// for never — not a histogram of years, whose axis would read "2.026k".
std::optional<json> year_chart(const std::string& name, const json& entry, const json& labels) {
  auto by_year = entry.find("p_by_year");
  if (by_year == entry.end() || !by_year->is_object() || by_year->empty()) return std::nullopt;
  json rows = json::array();
  for (const auto& [year, p] : by_year->items()) {
    auto share = number(p);
    if (!share) continue;
    rows.push_back({{"year", year},
                    {"share", *share},
                    {"kind", "by then"},
                    {"shown", format_probability(*share)}});
  }
  if (rows.empty()) return std::nullopt;
  const double never = number(entry.value("p_never", json(0))).value_or(0);
  rows.push_back({{"year", "never"},
                  {"share", never},
                  {"kind", "never"},
                  {"shown", format_probability(never)}});
  // The last year of the axis, and never.
  const json& last = rows[rows.size() - 2];
  std::string facts = fmt::format("P(by {}) {} · P(never) {}", last["year"].get<std::string>(),
                                  last["shown"].get<std::string>(), format_probability(never));
  json spec =
      base_spec("distribution:" + name, kSectionDistributions, label_of(labels, name), facts);
  spec["height"] = 180;
  json x = {
      {"field", "year"},
      {"type", "ordinal"},
      {"sort", nullptr},
      {"axis",
       {{"title", "share of samples that have come by each year, or never"}, {"labelAngle", 0}}}};
  json y = {{"field", "share"},
            {"type", "quantitative"},
            {"scale", {{"domain", {0, 1}}}},
            {"axis", {{"title", nullptr}, {"format", ".0%"}, {"tickCount", 4}}}};
  json tooltip = json::array({{{"field", "year"}, {"title", "year"}},
                              {{"field", "shown"}, {"title", "share of samples"}}});
  json color = {{"field", "kind"},
                {"type", "nominal"},
                {"scale", {{"domain", {"by then", "never"}}, {"range", {kBlue, kOrange}}}},
                {"legend", nullptr}};
  json layers = json::array();
  layers.push_back({{"mark", {{"type", "bar"}}},
                    {"encoding", {{"x", x}, {"y", y}, {"color", color}, {"tooltip", tooltip}}}});
  spec["data"] = {{"values", rows}};
  spec["layer"] = layers;
  return spec;
}

// A histogram of one result's samples, with its median and 90% interval marked.
std::optional<json> distribution_chart(const std::string& name, const json& entry,
                                       const json& labels) {
  auto hist = entry.find("histogram");
  if (hist == entry.end() || !hist->is_object()) return std::nullopt;
  const json& edges = hist->value("edges", json::array());
  const json& counts = hist->value("counts", json::array());
  if (!edges.is_array() || !counts.is_array() || counts.empty() ||
      edges.size() != counts.size() + 1) {
    return std::nullopt;
  }
  std::string unit = entry.value("unit", "");
  double total = 0;
  for (const auto& c : counts) total += number(c).value_or(0);
  if (total <= 0) return std::nullopt;
  json rows = json::array();
  for (size_t i = 0; i < counts.size(); ++i) {
    auto lo = number(edges[i]), hi = number(edges[i + 1]);
    if (!lo || !hi) continue;
    double share = number(counts[i]).value_or(0) / total;
    rows.push_back({{"lo", *lo},
                    {"hi", *hi},
                    {"share", share},
                    {"range", format_in_unit(*lo, unit) + " to " + format_in_unit(*hi, unit)},
                    {"shown", format_probability(share)}});
  }
  if (rows.empty()) return std::nullopt;
  // All samples equal: nothing to draw.
  double first = rows.front()["lo"], last = rows.back()["hi"];
  if (!(last - first > 1e-9 * std::max(std::abs(first), std::abs(last)))) return std::nullopt;
  AxisNumbers axis = axis_numbers(unit);

  std::vector<std::string> facts;
  json marks = json::array();
  auto p50 = stat(entry, "p50"), p5 = stat(entry, "p5"), p95 = stat(entry, "p95");
  if (p50) {
    facts.push_back("median " + format_in_unit(*p50, unit));
    marks.push_back({{"at", *p50}, {"label", "median"}, {"dash", false}});
  }
  if (p5 && p95) {
    facts.push_back(fmt::format("90% between {} and {}", format_in_unit(*p5, unit),
                                format_in_unit(*p95, unit)));
    marks.push_back({{"at", *p5}, {"label", "p5"}, {"dash", true}});
    marks.push_back({{"at", *p95}, {"label", "p95"}, {"dash", true}});
  }
  // P(> 0) says something only when samples fall on both sides of zero.
  if (auto p = stat(entry, "p_positive"); p && *p > 0 && *p < 1) {
    std::string text = format_probability(*p);
    facts.push_back("P(> 0) " + (text[0] == '<' || text[0] == '>' ? text : "= " + text));
  }

  json spec = base_spec("distribution:" + name, kSectionDistributions, label_of(labels, name),
                        fmt::format("{}", fmt::join(facts, " · ")));
  spec["height"] = 180;
  json x = {{"field", "lo"},
            {"type", "quantitative"},
            {"scale", {{"zero", false}}},
            {"axis", value_axis(label_of(labels, name), axis)}};
  json layers = json::array();
  layers.push_back(
      {{"data", {{"values", rows}}},
       {"mark", {{"type", "rect"}, {"color", kBlue}, {"opacity", 0.85}}},
       {"encoding",
        {{"x", x},
         {"x2", {{"field", "hi"}}},
         {"y",
          {{"field", "share"},
           {"type", "quantitative"},
           {"axis", {{"title", "share of samples"}, {"format", ".0%"}, {"tickCount", 4}}}}},
         {"tooltip", json::array({{{"field", "range"}, {"title", "bin"}},
                                  {{"field", "shown"}, {"title", "share of samples"}}})}}}});
  if (!marks.empty()) {
    layers.push_back(
        {{"data", {{"values", marks}}},
         {"mark", {{"type", "rule"}, {"color", kOrange}, {"strokeWidth", 2}}},
         {"encoding",
          {{"x", {{"field", "at"}, {"type", "quantitative"}}},
           {"strokeDash",
            {{"field", "dash"},
             {"type", "nominal"},
             {"legend", nullptr},
             {"scale", {{"domain", {false, true}}, {"range", {json::array(), {4, 3}}}}}}},
           {"tooltip", json::array({{{"field", "label"}, {"title", "marks"}}})}}}});
  }
  spec["layer"] = layers;
  return spec;
}

// One yearly series: a fan (p5–p95 band, p25–p75 band, median line) when samples are present,
// else the line of its values.
std::optional<json> series_chart(const std::string& name, const json& entry, const json& labels) {
  const json& by_year = entry.value("value", json());
  if (!by_year.is_object()) return std::nullopt;
  std::string unit = entry.value("unit", "");
  json rows = json::array();
  bool fan = true, quartiles = true;
  size_t index = 0;
  for (const auto& [year, value] : by_year.items()) {
    json row = {{"year", std::stoi(year)}};
    auto p50 = stat(entry, "p50", year, index), p5 = stat(entry, "p5", year, index),
         p95 = stat(entry, "p95", year, index), p25 = stat(entry, "p25", year, index),
         p75 = stat(entry, "p75", year, index);
    auto center = p50 ? p50 : number(value);
    ++index;
    if (!center) continue;
    row["center"] = *center;
    row["shown"] = format_in_unit(*center, unit);
    fan = fan && p5 && p95;
    quartiles = quartiles && p25 && p75;
    if (p5 && p95) {
      row["p5"] = *p5;
      row["p95"] = *p95;
      row["band"] = format_in_unit(*p5, unit) + " to " + format_in_unit(*p95, unit);
    }
    if (p25 && p75) {
      row["p25"] = *p25;
      row["p75"] = *p75;
    }
    rows.push_back(row);
  }
  if (rows.empty()) return std::nullopt;
  AxisNumbers axis = axis_numbers(unit);
  json spec = base_spec("series:" + name, kSectionSeries, label_of(labels, name),
                        fan ? "median; bands hold 50% and 90% of samples" : "");
  spec["height"] = 200;
  spec["data"] = {{"values", rows}};
  json x = {{"field", "year"},
            {"type", "quantitative"},
            {"scale", {{"zero", false}, {"nice", false}}},
            {"axis", {{"title", "year"}, {"format", "d"}, {"tickMinStep", 1}}}};
  json y_axis = value_axis(label_of(labels, name), axis);
  json tooltip = json::array({{{"field", "year"}, {"title", "year"}},
                              {{"field", "shown"}, {"title", fan ? "median" : "value"}}});
  if (fan) tooltip.push_back({{"field", "band"}, {"title", "90% of samples"}});
  json layers = json::array();
  if (fan) {
    layers.push_back({{"mark", {{"type", "area"}, {"color", kBlue}, {"opacity", 0.18}}},
                      {"encoding",
                       {{"x", x},
                        {"y", {{"field", "p5"}, {"type", "quantitative"}, {"axis", y_axis}}},
                        {"y2", {{"field", "p95"}}}}}});
    if (quartiles) {
      layers.push_back({{"mark", {{"type", "area"}, {"color", kBlue}, {"opacity", 0.3}}},
                        {"encoding",
                         {{"x", x},
                          {"y", {{"field", "p25"}, {"type", "quantitative"}}},
                          {"y2", {{"field", "p75"}}}}}});
    }
  }
  json y = {{"field", "center"}, {"type", "quantitative"}, {"axis", y_axis}};
  layers.push_back({{"mark",
                     {{"type", "line"},
                      {"color", kBlue},
                      {"strokeWidth", 2.5},
                      {"point", {{"filled", true}, {"size", 45}, {"color", kBlue}}}}},
                    {"encoding", {{"x", x}, {"y", y}, {"tooltip", tooltip}}}});
  spec["layer"] = layers;
  return spec;
}

const json* list_in(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_array() && !it->empty() ? &*it : nullptr;
}

// The tornado of `gpugap sensitivity --method tornado --format json`: a bar per input from the
// output at the input's low percentile to the output at its high one, widest first.
std::optional<json> tornado_chart(const json& sensitivity, const json& labels) {
  const json* bars = list_in(sensitivity, "bars");
  auto base = number(sensitivity.value("base", json()));
  if (!bars || !base) return std::nullopt;
  std::string output = sensitivity.value("output", "");
  std::string unit = sensitivity.value("unit", "");
  auto percentile = [&](const char* key, double fallback) {
    double p = number(sensitivity.value(key, json())).value_or(fallback);
    return fmt::format("input at its p{}", format_number(std::round(p * 100)));
  };
  const std::string which[] = {percentile("low_percentile", 0.1),
                               percentile("high_percentile", 0.9)};
  json rows = json::array();
  for (const auto& bar : *bars) {
    std::string input = bar.value("input", "");
    std::string input_unit = bar.value("input_unit", "");
    for (int end = 0; end < 2; ++end) {
      std::string side = end == 0 ? "low" : "high";
      auto out = number(bar.value("output_" + side, json()));
      auto in = number(bar.value("input_" + side, json()));
      if (!out || input.empty()) continue;
      rows.push_back({{"input", label_of(labels, input)},
                      {"base", *base},
                      {"end", *out},
                      {"which", which[end]},
                      {"input_shown", in ? format_in_unit(*in, input_unit) : ""},
                      {"shown", format_in_unit(*out, unit)}});
    }
  }
  if (rows.empty()) return std::nullopt;
  AxisNumbers axis = axis_numbers(unit);
  json spec = base_spec("tornado", kSectionSensitivity,
                        "What moves " + (output.empty() ? "the result" : label_of(labels, output)),
                        fmt::format("each uncertain input at its low and high percentile, the "
                                    "others at their medians (line: {})",
                                    format_in_unit(*base, unit)));
  spec["height"] = 13 * static_cast<int>(rows.size());
  spec["data"] = {{"values", rows}};
  json y = {{"field", "input"},
            {"type", "nominal"},
            {"sort", nullptr},
            {"axis", {{"title", nullptr}, {"labelLimit", 220}}}};
  json tooltip = json::array({{{"field", "input"}},
                              {{"field", "input_shown"}, {"title", "input at"}},
                              {{"field", "shown"}, {"title", label_of(labels, output)}}});
  spec["layer"] =
      json::array({{{"mark", {{"type", "bar"}, {"height", {{"band", 0.7}}}}},
                    {"encoding",
                     {{"y", y},
                      {"x",
                       {{"field", "base"},
                        {"type", "quantitative"},
                        {"scale", {{"zero", false}}},
                        {"axis", value_axis(label_of(labels, output), axis)}}},
                      {"x2", {{"field", "end"}}},
                      {"color",
                       {{"field", "which"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"scale", {{"range", {kBlue, kOrange}}}}}},
                      {"tooltip", tooltip}}}},
                   {{"mark", {{"type", "rule"}, {"color", kInk}}},
                    {"encoding", {{"x", {{"datum", *base}, {"type", "quantitative"}}}}}}});
  return spec;
}

// Sobol indices of `gpugap sensitivity --method sobol --format json`, with their intervals.
std::optional<json> sobol_chart(const json& sensitivity, const json& labels) {
  const json* indices = list_in(sensitivity, "indices");
  if (!indices) return std::nullopt;
  json rows = json::array();
  for (const auto& row : *indices) {
    std::string input = row.value("input", "");
    for (const auto& [key, label] :
         {std::pair{"first", "first-order"}, std::pair{"total", "total"}}) {
      auto value = number(row.value(key, json()));
      if (!value || input.empty()) continue;
      json r = {{"input", label_of(labels, input)},
                {"index", label},
                {"value", *value},
                {"shown", fmt::format("{:.2f}", *value)}};
      const json& ci = row.value(std::string(key) + "_ci", json());
      if (ci.is_array() && ci.size() == 2 && number(ci[0]) && number(ci[1])) {
        r["lo"] = *number(ci[0]);
        r["hi"] = *number(ci[1]);
      }
      rows.push_back(r);
    }
  }
  if (rows.empty()) return std::nullopt;
  std::string output = sensitivity.value("output", "");
  json spec = base_spec("sobol", kSectionSensitivity,
                        "Sobol indices" + (output.empty() ? "" : " of " + label_of(labels, output)),
                        "share of the variance each input explains: alone (first-order) and with "
                        "its interactions (total); whiskers are bootstrap 95% intervals");
  spec["height"] = 14 * static_cast<int>(rows.size());
  spec["data"] = {{"values", rows}};
  json y = {{"field", "input"},
            {"type", "nominal"},
            {"sort", nullptr},
            {"axis", {{"title", nullptr}, {"labelLimit", 220}}}};
  json offset = {{"field", "index"}, {"type", "nominal"}};
  spec["layer"] = json::array(
      {{{"mark", {{"type", "bar"}}},
        {"encoding",
         {{"y", y},
          {"yOffset", offset},
          {"x",
           {{"field", "value"},
            {"type", "quantitative"},
            {"scale", {{"domain", {0, 1}}}},
            {"axis", {{"title", "share of variance"}, {"format", ".0%"}, {"tickCount", 5}}}}},
          {"color",
           {{"field", "index"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", {{"range", {kBlue, kOrange}}}}}},
          {"tooltip", json::array({{{"field", "input"}},
                                   {{"field", "index"}},
                                   {{"field", "shown"}, {"title", "index"}}})}}}},
       {{"mark", {{"type", "rule"}, {"color", kInk}}},
        {"encoding",
         {{"y", y},
          {"yOffset", offset},
          {"x", {{"field", "lo"}, {"type", "quantitative"}}},
          {"x2", {{"field", "hi"}}}}}}});
  return spec;
}

}  // namespace

std::string tick_magnitude_expression() {
  std::string magnitude = "format(abs(datum.value), ',~g')";
  const std::pair<const char*, const char*> kScales[] = {
      {"1e3", "k"}, {"1e6", "M"}, {"1e9", "B"}, {"1e12", "T"}};
  for (const auto& [scale, letter] : kScales) {
    magnitude = fmt::format(
        "abs(datum.value) >= {0} * 0.9995 ? format(abs(datum.value) / {0}, "
        "',~g') + '{1}' : {2}",
        scale, letter, magnitude);
  }
  return magnitude;
}

nlohmann::ordered_json base_spec(const std::string& id, const char* section,
                                 const std::string& title, const std::string& subtitle) {
  json spec;
  spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json";
  spec["name"] = id;
  spec["usermeta"] = {{"section", section}};
  json t = {{"text", title},
            {"anchor", "start"},
            {"fontSize", 15},
            {"subtitleFontSize", 12},
            {"subtitleColor", "#555555"}};
  if (!subtitle.empty()) t["subtitle"] = subtitle;
  spec["title"] = t;
  spec["width"] = kWidth;
  spec["config"] = {
      {"font", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
      {"axis",
       {{"labelFontSize", 12},
        {"titleFontSize", 12},
        {"titleFontWeight", "normal"},
        {"gridColor", "#e6e6e6"}}},
      {"legend",
       {{"labelFontSize", 12}, {"titleFontSize", 12}, {"orient", "bottom"}, {"symbolOpacity", 1}}},
      {"view", {{"stroke", nullptr}}}};
  return spec;
}

std::string display_name(const std::string& name) {
  std::string out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("_.", start);
    if (end == std::string::npos) end = name.size();
    if (!out.empty()) out += name[start - 1] == '.' ? ": " : " ";
    out += display_word(name.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string format_in_unit(double value, const std::string& unit) {
  // The value is already in `unit`: format_value() with a scale of 1 shows it as every command
  // does.
  auto parsed = parse_unit(unit);
  if (!unit.empty() && !parsed) return format_number(value) + " " + unit;
  Unit plain = parsed ? *parsed : Unit{};
  plain.scale = 1.0;
  return format_value(value, plain);
}

std::vector<json> run_charts(const json& run, const std::vector<std::string>& headline,
                             const json& labels) {
  std::vector<json> charts;
  const json& quantities = run.value("quantities", json::object());
  if (auto chart = headline_chart(quantities, headline, labels)) charts.push_back(*chart);
  // A block's outputs ("fleet.capex") are its view's to draw, together.
  auto from_block = [](const std::string& name) { return name.find('.') != std::string::npos; };
  for (const auto& [name, entry] : quantities.items()) {
    if (entry.value("input", false) || from_block(name)) continue;
    if (auto chart = year_chart(name, entry, labels)) {
      charts.push_back(*chart);
    } else if (auto histogram = distribution_chart(name, entry, labels)) {
      charts.push_back(*histogram);
    }
  }
  // Then the uncertain inputs, each as its samples fell: what the reader's assumption looks like.
  for (const auto& [name, entry] : quantities.items()) {
    if (!entry.value("input", false) || from_block(name)) continue;
    if (auto chart = distribution_chart(name, entry, labels)) charts.push_back(*chart);
  }
  for (const auto& [name, entry] : quantities.items()) {
    if (from_block(name)) continue;
    if (auto chart = series_chart(name, entry, labels)) charts.push_back(*chart);
  }
  return charts;
}

std::vector<json> sensitivity_charts(const json& sensitivity, const json& labels) {
  std::vector<json> charts;
  if (auto chart = tornado_chart(sensitivity, labels)) charts.push_back(*chart);
  if (auto chart = sobol_chart(sensitivity, labels)) charts.push_back(*chart);
  return charts;
}

}  // namespace gpugap
