#include "gpugap/report/output.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_text;

// Certain and uncertain, scalars and a series, and a result that is sometimes never.
const char* kMixed = R"toml(
[time]
years = "2025..2030"
[quantities]
price = { value = "2", unit = "USD" }
volume = { value = "100 to 300" }
revenue = { value = "price * volume", unit = "USD" }
rate = { value = "normal(0.1, 0.2)" }
path = { value = "growth(100, rate)" }
hit = { value = "first_year(path > 150)" }
certain_path = { value = "growth(100, 0.1)" }
)toml";

struct Sampled {
  Model model;
  PointResults point;
  Uncertainty uncertainty;
};

Sampled sample_run(const char* toml, uint64_t samples = 2000) {
  Sampled r{compile_text(toml), {}, {}};
  auto point = evaluate_point(r.model);
  EXPECT_TRUE(point.ok());
  r.point = std::move(*point);
  MonteCarloOptions options;
  options.samples = samples;
  options.outputs = uncertain_quantities(r.model, selected_quantities(r.model, {}));
  auto set = run_monte_carlo(r.model, options);
  EXPECT_TRUE(set.ok());
  r.uncertainty = summarise_samples(r.model, *set, 0, 1);
  return r;
}

// Fields of one CSV line, where a quoted field may hold commas.
size_t fields(const std::string& line) {
  size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++n;
  }
  return n;
}

TEST(Csv, EveryRowHasTheHeadersFieldCount) {
  Sampled r = sample_run(kMixed);
  const std::vector<int> all = selected_quantities(r.model, {});
  const Uncertainty* const runs[] = {nullptr, &r.uncertainty};
  for (const Uncertainty* u : runs) {
    std::istringstream csv(render_csv(r.model, r.point, all, u));
    std::string header, line;
    std::getline(csv, header);
    size_t rows = 0;
    while (std::getline(csv, line)) {
      EXPECT_EQ(fields(line), fields(header)) << line;
      EXPECT_EQ(line.find("nan"), std::string::npos) << line;
      ++rows;
    }
    EXPECT_EQ(rows, 5u + 2 * 6u);  // five scalars, two series of six years
  }
}

TEST(Json, NeverIsAShareNotANaN) {
  Sampled r = sample_run(kMixed);
  const int hit = r.model.index_of("hit");
  auto json = render_json(r.model, r.point, {hit}, &r.uncertainty);
  const auto& entry = json["quantities"]["hit"];
  const double p_never = entry["p_never"];
  EXPECT_GT(p_never, 0.05);
  EXPECT_LT(p_never, 0.95);
  EXPECT_TRUE(entry["mean"].is_number()) << entry.dump();
  EXPECT_TRUE(entry["sd"].is_number()) << entry.dump();
  EXPECT_TRUE(entry["p5"].is_number()) << entry.dump();
  // The histogram is of the years that are not never: more than one bin, all counted.
  const auto& histogram = entry["histogram"];
  ASSERT_GT(histogram["counts"].size(), 1u) << histogram.dump();
  size_t counted = histogram["below"].get<size_t>() + histogram["above"].get<size_t>();
  for (const auto& c : histogram["counts"]) counted += c.get<size_t>();
  EXPECT_NEAR(static_cast<double>(counted) / 2000, 1 - p_never, 1e-12);
  EXPECT_LT(histogram["edges"].front().get<double>(), histogram["edges"].back().get<double>());
}

TEST(Table, NeverIsShownAsNeverWithItsShare) {
  Sampled r = sample_run(kMixed);
  const std::string table =
      render_table(r.model, r.point, selected_quantities(r.model, {}), &r.uncertainty);
  EXPECT_EQ(table.find("nan"), std::string::npos) << table;
  EXPECT_NE(table.find("never"), std::string::npos) << table;
  // A year has no P(>0): its own section gives P(by the last year) and P(never).
  EXPECT_NE(table.find("P(by 2030)  P(never)"), std::string::npos) << table;
  EXPECT_NE(table.find("the mean of a year is over the samples that reach it"), std::string::npos)
      << table;
}

TEST(Json, AYearHasPByYearAndNoPPositive) {
  Sampled r = sample_run(kMixed);
  const int hit = r.model.index_of("hit");
  auto json = render_json(r.model, r.point, {hit}, &r.uncertainty);
  const auto& entry = json["quantities"]["hit"];
  EXPECT_FALSE(entry.contains("p_positive")) << entry.dump();
  const auto& by_year = entry["p_by_year"];
  ASSERT_EQ(by_year.size(), 6u) << entry.dump();
  // Reaching it by a year only grows with the year, and by the last year is all but never.
  double previous = 0;
  for (const auto& [year, share] : by_year.items()) {
    EXPECT_GE(share.get<double>(), previous) << year;
    previous = share.get<double>();
  }
  EXPECT_NEAR(previous, 1 - entry["p_never"].get<double>(), 1e-12);
}

}  // namespace
}  // namespace gpugap
