#include "gpugap/report/output.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpugap/report/format.h"

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

std::string render_table(const Model& model, const PointResults& results,
                         const std::vector<int>& selection) {
  std::string out;
  const Scenario& s = model.scenario;
  out += s.title.empty() ? s.id : s.title;
  std::string published = publication_line(s);
  if (!published.empty()) out += " — " + published;
  out += "\n";

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
  for (int i : selection) name_width = std::max(name_width, model.def(i).name.size());

  auto section = [&](const char* title, const std::vector<int>& rows, bool show_formula) {
    if (rows.empty()) return;
    out += fmt::format("\n{}\n", title);
    std::vector<std::string> values;
    size_t value_width = 5;
    for (int i : rows) {
      values.push_back(format_value(results.values[i][0], model.quantities[i].unit));
      value_width = std::max(value_width, display_width(values.back()));
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      const QuantityDef& def = model.def(rows[r]);
      std::string about = show_formula ? "= " + one_line(def.text) : def.source;
      if (about.empty()) about = def.note;
      if (!show_formula && def.defined_in == "--set") about = "set on the command line";
      std::string line = "  " + pad(def.name, name_width) + "  " + pad_left(values[r], value_width);
      if (!about.empty()) line += "  " + shorten(one_line(about), 72);
      out += line + "\n";
    }
  };
  section("inputs", inputs, false);
  section("results", outputs, true);

  if (!series.empty()) {
    std::vector<int> years = model.years();
    // Years down, series across, in as many panels as it takes to stay under ~110 columns.
    size_t start = 0;
    while (start < series.size()) {
      size_t width = 6, end = start;
      std::vector<size_t> widths;
      while (end < series.size()) {
        int q = series[end];
        size_t w = model.def(q).name.size();
        for (double v : results.values[q]) {
          w = std::max(w, display_width(format_value(v, model.quantities[q].unit)));
        }
        if (end > start && width + w + 2 > 110) break;
        widths.push_back(w);
        width += w + 2;
        ++end;
      }
      out += "\nby year\n  year";
      for (size_t c = start; c < end; ++c) {
        out += "  " + pad_left(model.def(series[c]).name, widths[c - start]);
      }
      out += "\n";
      for (size_t y = 0; y < years.size(); ++y) {
        out += fmt::format("  {}", years[y]);
        for (size_t c = start; c < end; ++c) {
          int q = series[c];
          out += "  " + pad_left(format_value(results.values[q][y], model.quantities[q].unit),
                                 widths[c - start]);
        }
        out += "\n";
      }
      start = end;
    }
  }
  return out;
}

nlohmann::ordered_json render_json(const Model& model, const PointResults& results,
                                   const std::vector<int>& selection) {
  using json = nlohmann::ordered_json;
  const Scenario& s = model.scenario;
  json out;
  out["scenario"] = s.id;
  out["title"] = s.title;
  if (!s.published.by.empty() || !s.published.date.empty() || !s.published.url.empty()) {
    out["published"] = {{"by", s.published.by}, {"date", s.published.date},
                        {"url", s.published.url}};
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
    quantities[def.name] = entry;
  }
  out["quantities"] = quantities;
  return out;
}

std::string render_csv(const Model& model, const PointResults& results,
                       const std::vector<int>& selection) {
  std::string out = "name,year,value,unit\n";
  std::vector<int> years = model.years();
  for (int i : selection) {
    const CompiledQuantity& q = model.quantities[i];
    const std::string& name = model.def(i).name;
    std::string unit = unit_label(q.unit);
    if (unit.find_first_of(",\"") != std::string::npos) unit = "\"" + unit + "\"";
    if (q.series) {
      for (size_t y = 0; y < years.size(); ++y) {
        out += fmt::format("{},{},{},{}\n", name, years[y], in_unit(results.values[i][y], q.unit),
                           unit);
      }
    } else {
      out += fmt::format("{},,{},{}\n", name, in_unit(results.values[i][0], q.unit), unit);
    }
  }
  return out;
}

}  // namespace gpugap
