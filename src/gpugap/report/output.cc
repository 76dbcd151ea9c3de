#include "gpugap/report/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpugap/report/text_table.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

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

}  // namespace

std::string render_table(const Model& model, const PointResults& results,
                         const std::vector<int>& selection, const Uncertainty* uncertainty) {
  std::string out;
  const Scenario& s = model.scenario;
  out += s.title.empty() ? s.id : s.title;
  std::string published = publication_line(s);
  if (!published.empty()) out += " — " + published;
  out += "\n";
  if (uncertainty != nullptr && uncertainty->scrambles > 0) {
    out += fmt::format(
        "Quasi-Monte Carlo: {} samples ({} scrambles of {} Sobol points), seed {}; ± is the "
        "standard error of the mean\n",
        uncertainty->samples, uncertainty->scrambles, uncertainty->samples / uncertainty->scrambles,
        uncertainty->seed);
  } else if (uncertainty != nullptr) {
    out +=
        fmt::format("Monte Carlo: {} samples, seed {}\n", uncertainty->samples, uncertainty->seed);
  }
  const std::vector<int> years = model.years();

  // Inputs, results, and (with Monte Carlo) the years a condition is first met: a year's
  // uncertainty is when it comes and how often never, not whether it is above 0.
  std::vector<int> inputs, outputs, when, series;
  for (int i : selection) {
    const CompiledQuantity& q = model.quantities[i];
    if (q.series) {
      series.push_back(i);
    } else if (q.is_input()) {
      inputs.push_back(i);
    } else if (q.may_be_never && summary_of(uncertainty, i) != nullptr && !years.empty()) {
      when.push_back(i);
    } else {
      outputs.push_back(i);
    }
  }
  // The name column is as wide in every section, so that they line up.
  size_t name_width = 4;
  for (int i : selection) name_width = std::max(name_width, display_width(model.def(i).name));

  // A section: its title over the names, headers over right-aligned cells, then a free text
  // (source or formula).
  auto print = [&](const std::string& title, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
    if (rows.empty()) return;
    TextTable table;
    table.indent = "";
    table.min_width = {name_width + 2};
    table.align.assign(headers.size() + 1, Align::kRight);
    table.align[0] = Align::kLeft;
    std::vector<std::string> header{title};
    header.insert(header.end(), headers.begin(), headers.end());
    table.add(header);
    for (auto row : rows) {
      row[0] = "  " + row[0];
      if (row.size() > headers.size() + 1) row.back() = shorten(one_line(row.back()), 72);
      table.add(std::move(row));
    }
    out += "\n" + table.render();
  };
  auto about = [&](int i, bool formula) {
    const QuantityDef& def = model.def(i);
    if (!formula && def.defined_in == "--set") return std::string("set on the command line");
    std::string text = formula ? "= " + one_line(def.text) : def.source;
    if (formula && def.text.empty()) text = def.source;
    return text.empty() ? def.note : text;
  };
  auto value = [&](int i, double v) { return format_value(v, model.quantities[i].unit); };
  // The mean, ± its standard error under quasi-Monte Carlo.
  auto mean = [&](int i, const Summary& sm) {
    if (uncertainty == nullptr || uncertainty->scrambles == 0) return value(i, sm.mean);
    return value(i, sm.mean) + " ± " + value(i, sm.mean_error);
  };

  std::vector<std::vector<std::string>> input_rows, output_rows, when_rows;
  for (int i : inputs) {
    std::vector<std::string> r{model.def(i).name, value(i, results.values[i][0])};
    if (uncertainty != nullptr) {
      const Summary* sm = summary_of(uncertainty, i);
      r.push_back(sm ? format_range(sm->p5, sm->p95, model.quantities[i].unit) : "");
    }
    r.push_back(about(i, false));
    input_rows.push_back(r);
  }
  for (int i : outputs) {
    const Summary* sm = summary_of(uncertainty, i);
    std::vector<std::string> r{model.def(i).name};
    if (uncertainty == nullptr) {
      r.push_back(value(i, results.values[i][0]));
    } else if (sm != nullptr) {
      r.insert(r.end(), {mean(i, *sm), value(i, sm->p5), value(i, sm->p50), value(i, sm->p95),
                         format_probability(sm->p_positive)});
    } else {
      std::string v = value(i, results.values[i][0]);
      r.insert(r.end(), {v, "", v, "", format_probability(results.values[i][0] > 0 ? 1 : 0)});
    }
    r.push_back(about(i, true));
    output_rows.push_back(r);
  }
  bool mean_of_some = false;
  for (int i : when) {
    const Summary& sm = *summary_of(uncertainty, i);
    const double by_last = sm.p_by_year.empty() ? 1 - sm.p_never : sm.p_by_year.back();
    when_rows.push_back({model.def(i).name, mean(i, sm), value(i, sm.p5), value(i, sm.p50),
                         value(i, sm.p95), format_probability(by_last),
                         format_probability(sm.p_never), about(i, true)});
    mean_of_some = mean_of_some || (sm.p_never > 0 && sm.p_never < 1);
  }
  if (uncertainty == nullptr) {
    print("inputs", {"value"}, input_rows);
    print("results", {"value"}, output_rows);
  } else {
    print("inputs", {"median", "90% interval"}, input_rows);
    print("results", {"mean", "p5", "p50", "p95", "P(>0)"}, output_rows);
    if (!when_rows.empty()) {
      print("years",
            {"mean", "p5", "p50", "p95", fmt::format("P(by {})", years.back()), "P(never)"},
            when_rows);
    }
    if (mean_of_some) out += "  the mean of a year is over the samples that reach it\n";
  }

  if (!series.empty()) {
    auto cell = [&](int q, size_t y) {
      const Summary* sm = summary_of(uncertainty, q, y);
      if (sm == nullptr) return value(q, results.values[q][y]);
      return fmt::format("{} ({})", value(q, sm->p50),
                         format_range(sm->p5, sm->p95, model.quantities[q].unit));
    };
    // Years down, series across, in as many panels as it takes to stay under ~110 columns.
    size_t start = 0;
    while (start < series.size()) {
      size_t width = 6, end = start;
      TextTable panel;
      panel.align.assign(1, Align::kLeft);
      std::vector<std::vector<std::string>> columns;  // per series: its name, then its cells
      while (end < series.size()) {
        int q = series[end];
        std::vector<std::string> column{model.def(q).name};
        size_t w = display_width(column[0]);
        for (size_t y = 0; y < years.size(); ++y) {
          column.push_back(cell(q, y));
          w = std::max(w, display_width(column.back()));
        }
        if (end > start && width + w + 2 > 110) break;
        columns.push_back(std::move(column));
        width += w + 2;
        ++end;
      }
      panel.align.resize(columns.size() + 1, Align::kRight);
      for (size_t row = 0; row <= years.size(); ++row) {
        std::vector<std::string> cells{row == 0 ? "year" : std::to_string(years[row - 1])};
        for (const auto& column : columns) cells.push_back(column[row]);
        panel.add(std::move(cells));
      }
      out += uncertainty ? "\nby year: median (5th to 95th percentile)\n" : "\nby year\n";
      out += panel.render();
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
    if (uncertainty.scrambles > 0) f["mean_standard_error"] = number(s.mean_error);
    f["sd"] = number(s.sd);
    const std::pair<const char*, double> percentiles[] = {
        {"p1", s.p1},   {"p5", s.p5},   {"p10", s.p10}, {"p25", s.p25}, {"p50", s.p50},
        {"p75", s.p75}, {"p90", s.p90}, {"p95", s.p95}, {"p99", s.p99}};
    for (const auto& [name, v] : percentiles) f[name] = number(v);
    // A year is not above or below 0: when it comes is P(by year) instead.
    if (!q.may_be_never) f["p_positive"] = s.p_positive;
    f["p_never"] = s.p_never;
    if (!s.p_by_year.empty()) {
      json by_year = json::object();
      for (size_t y = 0; y < s.p_by_year.size() && y < years.size(); ++y) {
        by_year[std::to_string(years[y])] = s.p_by_year[y];
      }
      f["p_by_year"] = by_year;
    }
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
    if (uncertainty->scrambles > 0) {
      out["method"] = "qmc";
      out["scrambles"] = uncertainty->scrambles;
    }
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
    // Overridden on the command line: the value given, beside the file's source it replaced.
    if (def.defined_in == "--set") entry["set"] = def.text;
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
  // A year's (may be never) p_positive is empty; its by_year and p_by_year say how often it comes
  // by the time axis's last year.
  std::string out =
      uncertainty ? "name,year,value,unit,mean,sd,p5,p50,p95,p_positive,p_never,by_year,p_by_year\n"
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
      if (sm == nullptr) return ",,,,,,,,,";  // the nine statistics' fields, empty
      auto u = [&](double v) { return in_unit(v, q.unit); };
      const std::string positive = q.may_be_never ? "" : fmt::format("{}", sm->p_positive);
      const std::string by = sm->p_by_year.empty() || years.empty()
                                 ? ","
                                 : fmt::format("{},{}", years.back(), sm->p_by_year.back());
      return fmt::format(",{},{},{},{},{},{},{},{}", u(sm->mean), u(sm->sd), u(sm->p5), u(sm->p50),
                         u(sm->p95), positive, sm->p_never, by);
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
