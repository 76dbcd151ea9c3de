// explain: a long chain of quantities is drawn to a bounded depth (it overflowed the stack), and
// a series shows more than its first and last years.
#include "gpugap/report/explain.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_text;

TEST(Explain, ALongChainStopsAtTheDepthLimit) {
  std::string toml = "[quantities]\nq0 = \"1\"\n";
  for (int i = 1; i < 20000; ++i) toml += fmt::format("q{} = \"q{} + 1\"\n", i, i - 1);
  Model model = compile_text(toml);
  auto results = evaluate_point(model);
  ASSERT_TRUE(results.ok());
  const int root = model.index_of("q19999");
  std::string text = render_explain(model, *results, root, kDefaultExplainDepth);
  const std::string marker =
      fmt::format("(… 1 more below, {} levels deep; raise --depth)", 19999 - kDefaultExplainDepth);
  EXPECT_NE(text.find(marker), std::string::npos) << text.substr(text.size() - 300);
  // Any depth asked for is capped.
  text = render_explain(model, *results, root, 1 << 30);
  EXPECT_NE(text.find(fmt::format("(… 1 more below, {} levels deep; raise --depth)",
                                  19999 - kMaxExplainDepth)),
            std::string::npos);
}

TEST(Explain, ASeriesShowsItsExtremesWithTheirYears) {
  auto parsed = parse_unit("USD");
  ASSERT_TRUE(parsed.ok());
  Unit usd = *parsed;
  std::vector<double> values(16, 0.0);
  values[4] = 58.5e9;
  values[7] = -2e9;
  EXPECT_EQ(series_text(values, 2020, usd),
            "2020: $0 … 2035: $0; min -$2B in 2027, max $58.5B in 2024");
  EXPECT_EQ(series_text({1e9, 2e9, 3e9}, 2025, usd), "2025: $1B, 2026: $2B, 2027: $3B");
  EXPECT_EQ(series_text(std::vector<double>(10, 5e9), 2020, usd), "$5B every year 2020..2029");
}

}  // namespace
}  // namespace gpugap
