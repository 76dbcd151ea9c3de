#include "gpugap/report/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpugap/units/format.h"

namespace gpugap {
namespace {

std::string shorten(const std::string& text, size_t width) {
  // Count code points, not bytes, so that "→" and "×" do not cut a line short.
  size_t points = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if ((text[i] & 0xC0) != 0x80) {
      if (points == width - 1) cut = i;
      ++points;
    }
  }
  if (points <= width) return text;
  return text.substr(0, cut) + "…";
}

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& text, size_t width) {
  size_t w = display_width(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

std::string pad_left(const std::string& text, size_t width) {
  size_t w = display_width(text);
  return w >= width ? text : std::string(width - w, ' ') + text;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace

std::vector<int> selected_quantities(const Model& model, const std::vector<std::string>& only) {
  std::vector<int> out;
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    const std::string& name = model.def(static_cast<int>(i)).name;
    if (only.empty() || std::find(only.begin(), only.end(), name) != only.end()) {
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

std::string publication_line(const Scenario& s) {
  std::vector<std::string> parts;
  if (!s.published.by.empty()) parts.push_back(s.published.by);
  if (!s.published.date.empty()) parts.push_back(s.published.date);
  return fmt::format("{}", fmt::join(parts, ", "));
}

namespace {

const Summary* summary_of(const Uncertainty* u, int quantity, size_t year = 0) {
  if (u == nullptr || u->summaries[quantity].empty()) return nullptr;
  return &u->summaries[quantity][year];
}

std::string percent(double fraction) {
  double p = 100 * fraction;
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p < 100 && p > 99.9) return ">99.9%";
  return fmt::format("{:.1f}%", p);
}

}  // namespace

std::string render_table(const Model& model, const PointResults& results,
                         const std::vector<int>& selection, const Uncertainty* uncertainty) {
  std::string out;
  const Scenario& s = model.scenario;
  out += s.title.empty() ? s.id : s.title;
  std::string published = publication_line(s);
  if (!published.empty()) out += " — " + published;
  out += "\n";
  if (uncertainty != nullptr) {
    out +=
        fmt::format("Monte Carlo: {} samples, seed {}\n", uncertainty->samples, uncertainty->seed);
  }

  std::vector<int> inputs, outputs, series;
  for (int i : selection) {
    const CompiledQuantity& q = model.quantities[i];
    if (q.series) {
      series.push_back(i);
    } else if (q.is_input()) {
      inputs.push_back(i);
    } else {
      outputs.push_back(i);
    }
  }
  size_t name_width = 4;
  for (int i : selection) name_width = std::max(name_width, display_width(model.def(i).name));

  // Columns of a row: its cells, then a free text (source or formula).
  struct Row {
    std::string name;
    std::vector<std::string> cells;
    std::string about;
  };
  auto print = [&](const char* title, const std::vector<std::string>& headers,
                   const std::vector<Row>& rows) {
    if (rows.empty()) return;
    std::vector<size_t> widths(headers.size());
    for (size_t c = 0; c < headers.size(); ++c) widths[c] = display_width(headers[c]);
    for (const auto& r : rows) {
      for (size_t c = 0; c < r.cells.size(); ++c) {
        widths[c] = std::max(widths[c], display_width(r.cells[c]));
      }
    }
    std::string header = "\n" + pad(title, name_width + 2);
    for (size_t c = 0; c < headers.size(); ++c) header += "  " + pad_left(headers[c], widths[c]);
    out += header + "\n";
    for (const auto& r : rows) {
      std::string line = "  " + pad(r.name, name_width);
      for (size_t c = 0; c < r.cells.size(); ++c) line += "  " + pad_left(r.cells[c], widths[c]);
      if (!r.about.empty()) line += "  " + shorten(one_line(r.about), 72);
      out += line + "\n";
    }
  };
  auto about = [&](int i, bool formula) {
    const QuantityDef& def = model.def(i);
    if (!formula && def.defined_in == "--set") return std::string("set on the command line");
    std::string text = formula ? "= " + one_line(def.text) : def.source;
    if (formula && def.text.empty()) text = def.source;
    return text.empty() ? def.note : text;
  };
  auto value = [&](int i, double v) { return format_value(v, model.quantities[i].unit); };

  std::vector<Row> input_rows, output_rows;
  for (int i : inputs) {
    Row r{model.def(i).name, {value(i, results.values[i][0])}, about(i, false)};
    if (uncertainty != nullptr) {
      const Summary* sm = summary_of(uncertainty, i);
      r.cells.push_back(sm ? value(i, sm->p5) + " to " + value(i, sm->p95) : "");
    }
    input_rows.push_back(r);
  }
  for (int i : outputs) {
    const Summary* sm = summary_of(uncertainty, i);
    Row r{model.def(i).name, {}, about(i, true)};
    if (uncertainty == nullptr) {
      r.cells = {value(i, results.values[i][0])};
    } else if (sm != nullptr) {
      r.cells = {value(i, sm->mean), value(i, sm->p5), value(i, sm->p50), value(i, sm->p95),
                 percent(sm->p_positive)};
    } else {
      std::string v = value(i, results.values[i][0]);
      r.cells = {v, "", v, "", results.values[i][0] > 0 ? "100.0%" : "0.0%"};
    }
    output_rows.push_back(r);
  }
  if (uncertainty == nullptr) {
    print("inputs", {"value"}, input_rows);
    print("results", {"value"}, output_rows);
  } else {
    print("inputs", {"median", "90% interval"}, input_rows);
    print("results", {"mean", "p5", "p50", "p95", "P(>0)"}, output_rows);
    // A result that may be never (first_year of a condition not met): its share, and what the
    // mean is then.
    for (int i : outputs) {
      const Summary* sm = summary_of(uncertainty, i);
      if (sm == nullptr || sm->p_never == 0) continue;
      out +=
          fmt::format("  {}: never in {} of samples{}\n", model.def(i).name, percent(sm->p_never),
                      sm->p_never < 1 ? "; its mean is over the others" : "");
    }
  }

  if (!series.empty()) {
    std::vector<int> years = model.years();
    auto cell = [&](int q, size_t y) {
      const Summary* sm = summary_of(uncertainty, q, y);
      if (sm == nullptr) return value(q, results.values[q][y]);
      return fmt::format("{} ({}–{})", value(q, sm->p50), value(q, sm->p5), value(q, sm->p95));
    };
    // Years down, series across, in as many panels as it takes to stay under ~110 columns.
    size_t start = 0;
    while (start < series.size()) {
      size_t width = 6, end = start;
      std::vector<size_t> widths;
      while (end < series.size()) {
        int q = series[end];
        size_t w = display_width(model.def(q).name);
        for (size_t y = 0; y < years.size(); ++y) w = std::max(w, display_width(cell(q, y)));
        if (end > start && width + w + 2 > 110) break;
        widths.push_back(w);
        width += w + 2;
        ++end;
      }
      out += uncertainty ? "\nby year: median (5th–95th percentile)\n  year" : "\nby year\n  year";
      for (size_t c = start; c < end; ++c) {
        out += "  " + pad_left(model.def(series[c]).name, widths[c - start]);
      }
      out += "\n";
      for (size_t y = 0; y < years.size(); ++y) {
        out += fmt::format("  {}", years[y]);
        for (size_t c = start; c < end; ++c) {
          out += "  " + pad_left(cell(series[c], y), widths[c - start]);
        }
        out += "\n";
      }
      start = end;
    }
  }
  return out;
}

namespace {

// Monte Carlo fields of one quantity, in its unit; per year (an object keyed by year) for series.
void add_statistics(nlohmann::ordered_json& entry, const Model& model, int i,
                    const Uncertainty& uncertainty, const std::vector<int>& years) {
  using json = nlohmann::ordered_json;
  const CompiledQuantity& q = model.quantities[i];
  const auto& summaries = uncertainty.summaries[i];
  // Never (+inf, from first_year) is null, as in "value"; "p_never" says how often it is.
  auto number = [&](double v) {
    double x = in_unit(v, q.unit);
    return std::isfinite(x) ? json(x) : json(nullptr);
  };
  auto fields = [&](const Summary& s) {
    json f;
    f["mean"] = number(s.mean);
    f["sd"] = number(s.sd);
    const std::pair<const char*, double> percentiles[] = {
        {"p1", s.p1},   {"p5", s.p5},   {"p10", s.p10}, {"p25", s.p25}, {"p50", s.p50},
        {"p75", s.p75}, {"p90", s.p90}, {"p95", s.p95}, {"p99", s.p99}};
    for (const auto& [name, v] : percentiles) f[name] = number(v);
    f["p_positive"] = s.p_positive;
    f["p_never"] = s.p_never;
    json edges = json::array();
    for (double e : s.edges) edges.push_back(number(e));
    f["histogram"] = {
        {"edges", edges}, {"counts", s.counts}, {"below", s.below}, {"above", s.above}};
    return f;
  };
  if (!q.series) {
    const json f = fields(summaries[0]);  // named: a temporary would die before the loop
    for (auto& [key, value] : f.items()) entry[key] = value;
    return;
  }
  json by_field = json::object();
  for (size_t y = 0; y < summaries.size(); ++y) {
    const json f = fields(summaries[y]);
    for (auto& [key, value] : f.items()) {
      by_field[key][std::to_string(years[y])] = value;
    }
  }
  for (auto& [key, value] : by_field.items()) entry[key] = value;
}

}  // namespace

nlohmann::ordered_json render_json(const Model& model, const PointResults& results,
                                   const std::vector<int>& selection,
                                   const Uncertainty* uncertainty) {
  using json = nlohmann::ordered_json;
  const Scenario& s = model.scenario;
  json out;
  out["scenario"] = s.id;
  out["title"] = s.title;
  if (!s.published.by.empty() || !s.published.date.empty() || !s.published.url.empty()) {
    out["published"] = {
        {"by", s.published.by}, {"date", s.published.date}, {"url", s.published.url}};
  }
  if (uncertainty != nullptr) {
    out["samples"] = uncertainty->samples;
    out["seed"] = uncertainty->seed;
  }
  std::vector<int> years = model.years();
  json quantities = json::object();
  for (int i : selection) {
    const CompiledQuantity& q = model.quantities[i];
    const QuantityDef& def = model.def(i);
    json entry;
    entry["unit"] = unit_label(q.unit);
    if (q.series) {
      json by_year = json::object();
      for (size_t y = 0; y < years.size(); ++y) {
        double v = in_unit(results.values[i][y], q.unit);
        by_year[std::to_string(years[y])] = std::isfinite(v) ? json(v) : json(nullptr);
      }
      entry["value"] = by_year;
    } else {
      double v = in_unit(results.values[i][0], q.unit);
      entry["value"] = std::isfinite(v) ? json(v) : json(nullptr);
    }
    entry["formula"] = def.is_year_table() ? "" : def.text;
    entry["source"] = def.source;
    if (!def.note.empty()) entry["note"] = def.note;
    entry["input"] = q.is_input();
    entry["uncertain"] = q.uncertain;
    if (summary_of(uncertainty, i) != nullptr) add_statistics(entry, model, i, *uncertainty, years);
    quantities[def.name] = entry;
  }
  out["quantities"] = quantities;
  return out;
}

std::string render_csv(const Model& model, const PointResults& results,
                       const std::vector<int>& selection, const Uncertainty* uncertainty) {
  // With Monte Carlo, `value` stays the point value (inputs at their medians) and the
  // statistics follow; certain quantities leave them empty.
  std::string out = uncertainty ? "name,year,value,unit,mean,sd,p5,p50,p95,p_positive\n"
                                : "name,year,value,unit\n";
  std::vector<int> years = model.years();
  for (int i : selection) {
    const CompiledQuantity& q = model.quantities[i];
    const std::string& name = model.def(i).name;
    std::string unit = unit_label(q.unit);
    if (unit.find_first_of(",\"") != std::string::npos) unit = "\"" + unit + "\"";
    auto stats = [&](size_t y) -> std::string {
      if (uncertainty == nullptr) return "";
      const Summary* sm = summary_of(uncertainty, i, y);
      if (sm == nullptr) return ",,,,,,";  // the six statistics' fields, empty
      auto u = [&](double v) { return in_unit(v, q.unit); };
      return fmt::format(",{},{},{},{},{},{}", u(sm->mean), u(sm->sd), u(sm->p5), u(sm->p50),
                         u(sm->p95), sm->p_positive);
    };
    if (q.series) {
      for (size_t y = 0; y < years.size(); ++y) {
        out += fmt::format("{},{},{},{}{}\n", name, years[y], in_unit(results.values[i][y], q.unit),
                           unit, stats(y));
      }
    } else {
      out +=
          fmt::format("{},,{},{}{}\n", name, in_unit(results.values[i][0], q.unit), unit, stats(0));
    }
  }
  return out;
}

}  // namespace gpugap
