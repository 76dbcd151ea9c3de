// diff: series are compared in every year, quantities of different units or shapes are not
// comparable, and rounding is not a change.
#include "gpugap/report/diff.h"

#include <gtest/gtest.h>

#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_text;

std::vector<DiffRow> diff_texts(const std::string& a, const std::string& b) {
  Model ma = compile_text(a), mb = compile_text(b);
  auto ra = evaluate_point(ma), rb = evaluate_point(mb);
  EXPECT_TRUE(ra.ok() && rb.ok());
  return diff_models(ma, *ra, mb, *rb);
}

const DiffRow* row_of(const std::vector<DiffRow>& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const char* kPath = R"~([time]
years = "2025..2030"
[quantities]
start = { value = "START", unit = "USD/yr" }
capex = { value = { 2025 = "start", 2030 = "500B" }, unit = "USD/yr", fill = "linear" }
)~";

std::string path(const std::string& start) {
  std::string text = kPath;
  return text.replace(text.find("START"), 5, start);
}

TEST(Diff, SeriesDifferInEveryYearNotOnlyTheLast) {
  auto rows = diff_texts(path("200B"), path("300B"));
  const DiffRow* capex = row_of(rows, "capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_EQ(capex->year, 2025);  // the largest change
  EXPECT_EQ(capex->years, 6);
  EXPECT_EQ(capex->years_differing, 5);  // 2030 is the same
  EXPECT_DOUBLE_EQ(capex->a, 200e9);
  EXPECT_DOUBLE_EQ(capex->b, 300e9);
  EXPECT_EQ(capex->a_text, "2025: $200B/yr");
}

TEST(Diff, DifferentUnitsOrShapesAreNotComparable) {
  auto rows = diff_texts(path("200B"), R"~([quantities]
capex = { value = "100B", unit = "USD" }
start = { value = "200B", unit = "USD/yr" }
)~");
  const DiffRow* capex = row_of(rows, "capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_FALSE(capex->comparable);
  EXPECT_EQ(capex->not_comparable, "USD/yr vs USD");
  rows = diff_texts(path("200B"), R"~([quantities]
capex = { value = "100B", unit = "USD/yr" }
start = { value = "200B", unit = "USD/yr" }
)~");
  capex = row_of(rows, "capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_EQ(capex->not_comparable, "a series vs a single value");
  EXPECT_EQ(row_of(rows, "start"), nullptr);  // same in both
}

TEST(Diff, RoundingIsNotADifference) {
  EXPECT_TRUE(same_value(0.1 + 0.2, 0.3));
  EXPECT_TRUE(same_value(6e11, 6e11 * (1 + 1e-13)));
  EXPECT_FALSE(same_value(6e11, 6e11 * (1 + 1e-9)));
  EXPECT_FALSE(same_value(0, 1e-300));
  auto rows = diff_texts(R"~([quantities]
x = "0.1 + 0.2"
)~",
                         R"~([quantities]
x = "0.3"
)~");
  ASSERT_EQ(rows.size(), 1u);  // the formula changed, the value did not
  EXPECT_EQ(rows[0].change, "input");
  EXPECT_TRUE(same_value(rows[0].a, rows[0].b));
}

TEST(Diff, ChangeTextSaysPointsYearsAndNever) {
  const char* kYears = R"~([time]
years = "2025..2030"
[quantities]
margin = { value = "MARGIN", unit = "%" }
cost = { value = "COST", unit = "USD/yr" }
revenue = { value = "growth(100B, 50%)", unit = "USD/yr" }
covered = "first_year(revenue >= cost)"
)~";
  auto scenario = [&](const std::string& margin, const std::string& cost) {
    std::string text = kYears;
    text.replace(text.find("MARGIN"), 6, margin);
    return text.replace(text.find("COST"), 4, cost);
  };
  auto rows = diff_texts(scenario("50%", "150B"), scenario("60%", "300B"));
  const DiffRow* margin = row_of(rows, "margin");
  ASSERT_NE(margin, nullptr);
  EXPECT_EQ(change_text(*margin), "+10 pp (+20.0%)");  // percentage points, then relative
  const DiffRow* covered = row_of(rows, "covered");
  ASSERT_NE(covered, nullptr);
  EXPECT_TRUE(covered->year_valued);
  EXPECT_EQ(change_text(*covered), "+2");  // 2026 → 2028: no percentage of a year
  rows = diff_texts(scenario("50%", "150B"), scenario("50%", "10T"));
  covered = row_of(rows, "covered");
  ASSERT_NE(covered, nullptr);
  EXPECT_EQ(change_text(*covered), "2026 → never");  // not "+inf (nan%)"
}

}  // namespace
}  // namespace gpugap
