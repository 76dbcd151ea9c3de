#include "gpugap/blocks/fleet_config.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "gpugap/compile/compile.h"
#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/util/csv.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

const char* kCatalogue =
    "name,vendor,first_volume_year,price_usd,price_kind,bf16_dense_tflops,fp8_dense_tflops,"
    "board_power_w,memory_gb,price_source,spec_source,note\n"
    "Old,X,2020,10000,street,300,,400,80,https://price.example,https://spec.example,\n"
    "New,X,2023,20000,estimate,1000,2000,700,80,https://price.example,https://spec.example,\n"
    "NoPrice,X,2024,,,2000,4000,1000,100,,https://spec.example,\n";

// The [fleet] table of a small valid scenario; tests replace or add lines.
const char* kFleet = R"([time]
years = "2020..2026"

[fleet]
catalogue = "gpus.csv"
generations = ["Old", "New"]
method = "SLN"
spend = { value = { 2020 = "10B", 2023 = "20B" }, fill = "zero" }
overhead_power = 500
pue = 1.2
electricity_price = 0.08
utilisation = "80%"
physical_life = 5
book_life = 5
)";

struct Outcome {
  std::string errors;  // formatted diagnostics, empty when it ran
  std::shared_ptr<Model> model;
  PointResults results;

  double at(const std::string& name, int year_index = 0) const {
    return results.values[model->index_of(name)][year_index];
  }
};

class FleetConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gpugap-fleet-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    std::ofstream(dir_ / "gpus.csv") << kCatalogue;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path() const { return (dir_ / "fleet.toml").string(); }

  Outcome run(const std::string& text, const std::vector<std::string>& sets = {}) {
    std::ofstream(path()) << text;
    Outcome out;
    auto evaluated = evaluate(ScenarioSource::file(path()), sets);
    if (!evaluated) {
      out.errors = format_diagnostics(evaluated.diagnostics());
      return out;
    }
    out.model = std::make_shared<Model>(std::move(evaluated->model));
    out.results = std::move(evaluated->results);
    return out;
  }

  // "path:line:col: error: message" where `needle` is in `text` (its `nth` occurrence, 1-based),
  // shifted by `shift` columns.
  std::string where(const std::string& text, const std::string& needle, int shift = 0,
                    int nth = 1) const {
    size_t at = std::string::npos;
    for (int i = 0; i < nth; ++i) at = text.find(needle, at == std::string::npos ? 0 : at + 1);
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    size_t start = text.rfind('\n', at);
    int column = static_cast<int>(at - (start == std::string::npos ? 0 : start + 1)) + 1 + shift;
    return fmt::format("{}:{}:{}: error: ", path(), line, column);
  }

  static std::string replace(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
  }

  fs::path dir_;
};

TEST_F(FleetConfigTest, OutputsAreQuantitiesUsableInFormulas) {
  std::string text = std::string(kFleet) +
                     "\n[quantities]\nfirst_capex = { value = \"at(fleet.capex, 2020)\", unit = "
                     "\"USD/yr\" }\n";
  auto out = run(text);
  ASSERT_EQ(out.errors, "");
  EXPECT_DOUBLE_EQ(out.at("fleet.gpus_bought", 0), 1e6);      // $10B ÷ $10,000
  EXPECT_DOUBLE_EQ(out.at("fleet.gpus_bought.New", 3), 1e6);  // $20B ÷ $20,000
  EXPECT_DOUBLE_EQ(out.at("fleet.book_depreciation", 0), 2e9);
  EXPECT_DOUBLE_EQ(out.at("first_capex"), 1e10);
  // Inputs from the catalogue keep their unit and source, located in the CSV.
  const QuantityDef& price = out.model->def(out.model->index_of("fleet.Old.price"));
  EXPECT_EQ(price.unit, "USD/GPU");
  EXPECT_EQ(price.source, "https://price.example");
  EXPECT_EQ(price.origin.line, 2);
  EXPECT_EQ(price.origin.column, 12);
  EXPECT_DOUBLE_EQ(out.at("fleet.Old.performance"), 300e12 * 8766 * 3600);
  // Every output has the unit the block declares.
  EXPECT_EQ(out.model->quantities[out.model->index_of("fleet.facility_power")].unit.text, "GW");
  EXPECT_EQ(out.model->quantities[out.model->index_of("fleet.rental_price")].unit.text,
            "USD/GPU/h");
}

// What the work is (issue 14 item 3): precision picks the catalogue's throughput column; a GPU
// without that format runs the work at its next wider one, and the note says so.
TEST_F(FleetConfigTest, PrecisionChoosesTheThroughputColumn) {
  std::ofstream(dir_ / "gpus.csv")
      << "name,vendor,first_volume_year,price_usd,price_kind,bf16_dense_tflops,fp8_dense_tflops,"
         "board_power_w,memory_gb,price_source,spec_source,note,fp4_dense_tflops,fp4_source\n"
         "Old,X,2020,10000,street,300,,400,80,https://price.example,https://spec.example,,,\n"
         "New,X,2023,20000,estimate,1000,2000,700,80,https://price.example,https://spec.example,,"
         "4000,https://fp4.example\n";
  auto performance = [&](const char* precision, const char* gpu) {
    auto out =
        run(replace(kFleet, "method = ", fmt::format("precision = \"{}\"\nmethod = ", precision)));
    EXPECT_EQ(out.errors, "") << precision;
    if (!out.errors.empty()) return std::make_pair(0.0, std::string());
    const std::string name = fmt::format("fleet.{}.performance", gpu);
    const QuantityDef& def = out.model->def(out.model->index_of(name));
    return std::make_pair(out.at(name), def.note + " | " + def.source);
  };
  const double per_second = 1 / (365.25 * 86400);  // base units are per year
  EXPECT_DOUBLE_EQ(performance("bf16", "New").first * per_second, 1000e12);
  EXPECT_DOUBLE_EQ(performance("fp8", "New").first * per_second, 2000e12);
  auto [fp4, fp4_note] = performance("fp4", "New");
  EXPECT_DOUBLE_EQ(fp4 * per_second, 4000e12);
  EXPECT_NE(fp4_note.find("https://fp4.example"), std::string::npos) << fp4_note;
  auto [old, old_note] = performance("fp4", "Old");
  EXPECT_DOUBLE_EQ(old * per_second, 300e12);
  EXPECT_NE(old_note.find("no FP4 format, so FP4 work runs at its BF16 rate"), std::string::npos)
      << old_note;
  // The frontier follows: New's FP4 makes Old worth less than on BF16 work.
  auto value = [&](const char* precision) {
    auto out =
        run(replace(kFleet, "method = ", fmt::format("precision = \"{}\"\nmethod = ", precision)));
    return out.errors.empty() ? out.at("fleet.economic_value", 2) : -1.0;
  };
  EXPECT_LT(value("fp4"), value("bf16"));
  auto wrong = run(replace(kFleet, "method = ", "precision = \"fp2\"\nmethod = "));
  EXPECT_NE(wrong.errors.find("unknown precision 'fp2'"), std::string::npos) << wrong.errors;
}

// Memory-bound inference (decode) is measured by HBM bandwidth: on the bundled catalogue an
// H200 (4.8 TB/s) bought in 2024 is worth more than an H100 (3.35 TB/s) bought the same year,
// while on BF16 work, where both have 989.4 TFLOPS, they are worth about the same.
TEST_F(FleetConfigTest, MemoryBoundWorkIsMeasuredByBandwidth) {
  const fs::path root = fs::path(GPUGAP_SOURCE_SCENARIOS).parent_path();
  fs::copy_file(root / "data" / "gpus.csv", dir_ / "gpus.csv",
                fs::copy_options::overwrite_existing);
  const std::string fleet = R"([time]
years = "2024..2030"

[fleet]
catalogue = "gpus.csv"
generations = ["H100", "H200"]
WORK
method = "SLN"
spend = { value = { 2024 = "10B" }, fill = "zero" }
overhead_power = 500
pue = 1.2
electricity_price = 0.08
utilisation = "80%"
physical_life = 5
book_life = 5
discount_rate = "10%"
frontier_doubling_time = 2.07
frontier_efficiency_doubling_time = 1.71

[fleet.mix]
BOUGHT = { 2024 = "100%" }
)";
  // The economic value per GPU at the end of 2024 of a 2024 vintage of `bought`.
  auto value_per_gpu = [&](const std::string& work, const std::string& bought) {
    auto out = run(replace(replace(fleet, "WORK", work), "BOUGHT", bought));
    EXPECT_EQ(out.errors, "") << work << " " << bought;
    if (!out.errors.empty()) return 0.0;
    return out.at("fleet.economic_value", 0) / out.at("fleet.installed_gpus", 0);
  };
  const double memory_h100 = value_per_gpu("work = \"memory_bandwidth\"", "H100");
  const double memory_h200 = value_per_gpu("work = \"memory_bandwidth\"", "H200");
  const double bf16_h100 = value_per_gpu("precision = \"bf16\"", "H100");
  const double bf16_h200 = value_per_gpu("precision = \"bf16\"", "H200");
  EXPECT_GT(memory_h200, 1.2 * memory_h100);
  EXPECT_NEAR(bf16_h200 / bf16_h100, 1, 0.05);  // same TFLOPS and power; H200 $500 cheaper
  EXPECT_LT(bf16_h200 / bf16_h100, memory_h200 / memory_h100);

  // The input says what it is, with its source, in its own unit; the output follows.
  auto out = run(replace(replace(fleet, "WORK", "work = \"memory_bandwidth\""), "BOUGHT", "H200"));
  ASSERT_EQ(out.errors, "");
  const QuantityDef& h200 = out.model->def(out.model->index_of("fleet.H200.performance"));
  EXPECT_EQ(h200.unit, "byte/s/GPU");
  EXPECT_NE(h200.note.find("HBM bandwidth, TB/s"), std::string::npos) << h200.note;
  EXPECT_NE(h200.source.find("4.8 TB/s"), std::string::npos) << h200.source;
  EXPECT_DOUBLE_EQ(out.at("fleet.H200.performance") / (365.25 * 86400), 4.8e12);
  const int installed = out.model->index_of("fleet.installed_performance");
  EXPECT_EQ(out.model->quantities[installed].unit.text, "byte/s");
  // The trends after the catalogue are of FLOP/s: memory-bound work does not extrapolate them.
  EXPECT_EQ(out.model->index_of("fleet.frontier_doubling_time"), -1);
  EXPECT_EQ(out.model->index_of("fleet.installed_gpus.future"), -1);
  auto compute = run(replace(replace(fleet, "WORK", ""), "BOUGHT", "H200"));
  ASSERT_EQ(compute.errors, "");
  EXPECT_NE(compute.model->index_of("fleet.installed_gpus.future"), -1);
}

TEST_F(FleetConfigTest, UnknownWork) {
  std::string text = replace(kFleet, "method = ", "work = \"memory_bandwith\"\nmethod = ");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "memory_bandwith") + "unknown work 'memory_bandwith'");
  EXPECT_NE(out.errors.find("did you mean 'memory_bandwidth'?"), std::string::npos) << out.errors;
  text = replace(kFleet, "method = ", "work = \"tokens\"\nmethod = ");
  out = run(text);
  EXPECT_NE(out.errors.find("\"compute\" (the default: dense TFLOPS of the precision) or "
                            "\"memory_bandwidth\""),
            std::string::npos)
      << out.errors;
  // A catalogue without the bandwidth column says which GPU lacks it.
  out = run(replace(kFleet, "method = ", "work = \"memory_bandwidth\"\nmethod = "));
  EXPECT_NE(out.errors.find("generation 'Old' has no performance"), std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("has no hbm_bandwidth_tbps for Old"), std::string::npos) << out.errors;
}

TEST_F(FleetConfigTest, InputsTakeSet) {
  auto out = run(kFleet, {"fleet.book_life=4", "fleet.Old.price=5000"});
  ASSERT_EQ(out.errors, "");
  EXPECT_DOUBLE_EQ(out.at("fleet.gpus_bought", 0), 2e6);
  EXPECT_DOUBLE_EQ(out.at("fleet.book_depreciation", 0), 2.5e9);
}

TEST_F(FleetConfigTest, DefaultsAreNamedInputs) {
  auto out = run(kFleet);
  ASSERT_EQ(out.errors, "");
  const QuantityDef& margin = out.model->def(out.model->index_of("fleet.cloud_margin"));
  EXPECT_EQ(margin.text, "0%");
  EXPECT_EQ(margin.defined_in, "[fleet] default");
  EXPECT_EQ(out.model->index_of("fleet.ddb_factor"), -1);  // only for DDB and VDB
  EXPECT_EQ(out.model->index_of("fleet.shell_life"), -1);  // only with shell_capex_per_mw
}

TEST_F(FleetConfigTest, GenerationWithoutPrice) {
  std::string text = replace(kFleet, "[\"Old\", \"New\"]", "[\"Old\", \"New\", \"NoPrice\"]");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "\"NoPrice\"") + "generation 'NoPrice' has no price");
  EXPECT_NE(out.errors.find("gpus.csv:4 has no price_usd for NoPrice"), std::string::npos)
      << out.errors;
  // An assumption in [fleet.gpu.NoPrice] fills it.
  text += "\n[fleet.gpu.NoPrice]\nprice = { value = \"30000\", note = \"assumption\" }\n";
  EXPECT_EQ(run(text).errors, "");
}

TEST_F(FleetConfigTest, GenerationWithoutPower) {
  std::string text = replace(kFleet, "[\"Old\", \"New\"]", "[\"Old\", \"Future\"]") +
                     "\n[fleet.gpu.Future]\nfirst_year = 2025\nprice = 40000\nperformance = "
                     "\"3000T\"\n";
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "\"Future\"") + "generation 'Future' has no power");
}

TEST_F(FleetConfigTest, MixThatDoesNotSumToOne) {
  std::string text = std::string(kFleet) +
                     "\n[fleet.mix]\nOld = { 2020 = \"60%\", 2023 = \"50%\" }\n"
                     "New = { 2023 = \"40%\" }\n";
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "2020 = \"60%\"") + "the mix for 2020 sums to 60% (Old 60%), not 100%");
  EXPECT_NE(out.errors.find(where(text, "2023 = \"40%\"") +
                            "the mix for 2023 sums to 90% (Old 50% + New 40%), not 100%"),
            std::string::npos)
      << out.errors;
}

TEST_F(FleetConfigTest, MixBeforeAGenerationIsOnSale) {
  std::string text =
      std::string(kFleet) + "\n[fleet.mix]\nOld = { 2020 = \"50%\" }\nNew = { 2020 = \"50%\" }\n";
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "2020 = \"50%\"", 0, 2) +
                "the mix buys New in 2020, before it is on sale "
                "(2023)");
}

TEST_F(FleetConfigTest, SpendWithNoGenerationOnSale) {
  std::string text = replace(kFleet, "[\"Old\", \"New\"]", "[\"New\"]");
  auto out = run(text);
  EXPECT_EQ(
      out.errors.substr(0, out.errors.find('\n')),
      where(text, "2020 = \"10B\"") +
          "'fleet.spend' spends in 2020, but no generation of [fleet] is on sale before 2023");
  // Spend that names a yearly quantity is followed to it.
  text = replace(text, "spend = { value = { 2020 = \"10B\", 2023 = \"20B\" }, fill = \"zero\" }",
                 "spend = \"capex_plan\"") +
         "\n[quantities]\ncapex_plan = { value = { 2021 = \"5B\" }, unit = \"USD/yr\", fill = "
         "\"zero\" }\n";
  out = run(text);
  EXPECT_EQ(
      out.errors.substr(0, out.errors.find('\n')),
      where(text, "2021 = \"5B\"") +
          "'fleet.spend' spends in 2021, but no generation of [fleet] is on sale before 2023");
}

TEST_F(FleetConfigTest, SpendFormulaWithNoGenerationOnSale) {
  // A formula the reader cannot follow: the run names the year and points at the formula.
  std::string text =
      replace(replace(kFleet, "[\"Old\", \"New\"]", "[\"New\"]"),
              "spend = { value = { 2020 = \"10B\", 2023 = \"20B\" }, fill = \"zero\" }",
              "spend = \"plan * 2\"") +
      "\n[quantities]\nplan = { value = { 2020 = \"5B\", 2023 = \"10B\" }, unit = \"USD/yr\", fill "
      "= "
      "\"zero\" }\n";
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "plan * 2") +
                "'fleet.spend' is $10B/yr in 2020; no generation in [fleet] generations is "
                "on sale before 2023");
  EXPECT_NE(out.errors.find("hint: list a generation on sale in 2020 in [fleet] generations, or "
                            "make spend 0 before 2023"),
            std::string::npos)
      << out.errors;
}

// A value given with --set is checked as one written in the file would be, pointing at --set.
TEST_F(FleetConfigTest, SetValueOutsideItsRange) {
  const std::pair<const char*, const char*> cases[] = {
      {"fleet.pue=0.5",
       "'fleet.pue' is 0.5 (from --set); it must be at least 1 (facility power ≥ IT power)"},
      {"fleet.tax_rate=150%",
       "'fleet.tax_rate' is 150% (from --set); it must be from 0% to less than 100%"},
      {"fleet.salvage=100%",
       "'fleet.salvage' is 100% (from --set); it must be from 0% to less than 100%"},
      {"fleet.utilisation=0",
       "'fleet.utilisation' is 0% (from --set); it must be more than 0% and at most 100%"},
      {"fleet.Old.price=-5",
       "'fleet.Old.price' is -$5/GPU (from --set); it must be more than "
       "zero"},
  };
  for (const auto& [set, message] : cases) {
    auto out = run(kFleet, {set});
    EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
              fmt::format("<--set>:1:{}: error: {}", std::string(set).find('=') + 2, message))
        << out.errors;
    EXPECT_NE(out.errors.find("    " + std::string(set)), std::string::npos) << out.errors;
  }
}

TEST_F(FleetConfigTest, CatalogueCellsAreChecked) {
  std::ofstream(dir_ / "gpus.csv")
      << std::string(kCatalogue) +
             "Words,X,twenty,1000,street,abc,,300,80,https://price.example,https://spec.example,\n"
             "Frac,X,2023.7,1000,street,100,,300,80,https://price.example,https://spec.example,\n"
             "Bare,X,2024,1000,street,100,,300,80,,https://spec.example,\n"
             "Old,X,2020,10000,street,300,,400,80,https://price.example,https://spec.example,\n";
  auto out = run(kFleet);
  const std::string csv = (dir_ / "gpus.csv").string();
  const char* expected[] = {
      ":5:9: error: first_volume_year of Words is 'twenty', not a year",
      ":5:28: error: bf16_dense_tflops of Words is 'abc', not a number",
      ":6:8: error: first_volume_year of Frac is '2023.7', not a year",
      ":7:37: error: the price of Bare (price_usd = 1000) has no price_source",
      ":8:1: error: 'Old' is in the GPU catalogue twice (lines 2 and 8)",
  };
  for (const char* e : expected) {
    EXPECT_NE(out.errors.find(csv + e), std::string::npos) << e << "\n" << out.errors;
  }
}

TEST_F(FleetConfigTest, VintageOutputsReachableFromFormulas) {
  std::string text = std::string(kFleet) +
                     "\n[quantities]\nfirst_out = \"at(fleet.vintage_retirement_year, 2020)\"\n"
                     "never_bought = \"at(fleet.vintage_retirement_year, 2021)\"\n"
                     "obsolete = \"at(fleet.vintage_obsolescence_year, 2020)\"\n"
                     "paid_back = \"at(fleet.vintage_payback_year, 2020)\"\n";
  auto out = run(text);
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.at("first_out"), 2025);  // five years of service, 2020–2024
  EXPECT_TRUE(std::isinf(out.at("never_bought")));
  EXPECT_TRUE(out.model->quantities[out.model->index_of("never_bought")].may_be_never);
  EXPECT_TRUE(std::isinf(out.at("obsolete")));  // Old costs less to run than New in full
  EXPECT_TRUE(std::isinf(out.at("paid_back")) || out.at("paid_back") >= 2020);
}

TEST_F(FleetConfigTest, NegativeLife) {
  std::string text = replace(kFleet, "physical_life = 5", "physical_life = -3");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "-3") + "'fleet.physical_life' is -3; it must be more than zero");
}

// Work per dollar and work per watt are separate trends: extrapolating needs both.
TEST_F(FleetConfigTest, ExtrapolatingNeedsBothTrends) {
  std::string text = replace(kFleet, "book_life = 5", "book_life = 5\nfrontier_doubling_time = 2");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "frontier_doubling_time") +
                "frontier_doubling_time needs frontier_efficiency_doubling_time");
  text = replace(text, "frontier_doubling_time = 2",
                 "frontier_doubling_time = 2\nfrontier_efficiency_doubling_time = 1.5");
  out = run(text);
  EXPECT_EQ(out.errors, "");
}

TEST_F(FleetConfigTest, UnknownKeysAndMethods) {
  std::string text = replace(kFleet, "pue = 1.2", "pue = 1.2\nelectricty_price = 0.1");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "electricty_price") + "unknown key 'electricty_price' in [fleet]");
  EXPECT_NE(out.errors.find("did you mean 'electricity_price'?"), std::string::npos);
  text = replace(kFleet, "method = \"SLN\"", "method = \"DBB\"");
  out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "DBB") + "unknown depreciation method 'DBB'");
}

TEST_F(FleetConfigTest, MissingInput) {
  std::string text = replace(kFleet, "pue = 1.2\n", "");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "catalogue") +
                "[fleet] needs 'pue': power usage effectiveness: facility power ÷ IT power");
}

TEST_F(FleetConfigTest, WrongUnitAndSeries) {
  std::string text = replace(kFleet, "electricity_price = 0.08",
                             "electricity_price = { value = \"0.08\", unit = \"USD\" }");
  auto out = run(text);
  EXPECT_EQ(
      out.errors.substr(0, out.errors.find('\n')),
      where(text, "0.08") +
          "the [fleet] block reads 'fleet.electricity_price' in USD/kWh (USD/yr/W), but it is "
          "in USD");
  text =
      replace(kFleet, "book_life = 5", "book_life = { value = { 2020 = \"5\" }, fill = \"hold\" }");
  out = run(text);
  EXPECT_NE(out.errors.find("'fleet.book_life' must be one value, not a series"), std::string::npos)
      << out.errors;
}

TEST_F(FleetConfigTest, PartialFirstYearOnlyWhereDefined) {
  std::string text = replace(kFleet, "method = \"SLN\"", "method = \"DDB\"\nfirst_year_months = 6");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "first_year_months = 6", 20) +
                "DDB has no partial first year (first_year_months = 6)");
}

TEST_F(FleetConfigTest, NeedsTimeAxis) {
  std::string text = replace(kFleet, "[time]\nyears = \"2020..2026\"\n", "");
  auto out = run(text);
  EXPECT_EQ(out.errors.substr(0, out.errors.find('\n')),
            where(text, "catalogue") +
                "the [fleet] block needs a [time] axis: it computes every output by year");
}

TEST_F(FleetConfigTest, MissingCatalogue) {
  std::string text = replace(kFleet, "\"gpus.csv\"", "\"nowhere.csv\"");
  auto out = run(text);
  EXPECT_NE(out.errors.find(where(text, "nowhere.csv") + "cannot open the GPU catalogue"),
            std::string::npos)
      << out.errors;
}

// The bundled base case reads the revenue that data/nvidia-datacenter-revenue.csv records.
TEST(FleetScenario, SpendMatchesTheRevenueFile) {
  const fs::path root = fs::path(GPUGAP_SOURCE_SCENARIOS).parent_path();
  auto revenue = read_csv((root / "data" / "nvidia-datacenter-revenue.csv").string(),
                          "calendar_year", "datacenter_revenue_usd");
  ASSERT_TRUE(revenue.ok());
  auto scenario =
      load(ScenarioSource::file((root / "scenarios" / "fleet-2020-2035.toml").string()));
  ASSERT_TRUE(scenario.ok());
  const QuantityDef* spend = scenario->find("nvidia_datacenter_revenue");
  ASSERT_NE(spend, nullptr);
  int matched = 0;
  for (const auto& entry : spend->years) {
    for (const auto& row : revenue->rows) {
      if (std::stoi(revenue->get(row, "calendar_year")) != entry.year) continue;
      auto parsed = parse_formula(entry.text, entry.origin);
      ASSERT_TRUE(parsed.ok());
      const double file = std::stod(revenue->get(row, "datacenter_revenue_usd"));
      EXPECT_NEAR(*constant_value(**parsed), file, 1e-12 * file) << entry.year;
      ++matched;
    }
  }
  EXPECT_EQ(matched, static_cast<int>(spend->years.size()));
  auto model = compile(std::move(*scenario));
  ASSERT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  auto results = evaluate_point(*model);
  ASSERT_TRUE(results.ok()) << format_diagnostics(results.diagnostics());

  // The stock adds up: whole years of life and a full first year, so every GPU enters and leaves
  // service at a year boundary.
  auto series = [&](const char* name) { return results->values[model->index_of(name)]; };
  const auto installed = series("fleet.installed_gpus");
  const auto bought = series("fleet.gpus_bought");
  const auto retired = series("fleet.retired_gpus");
  double retired_total = 0;
  for (size_t t = 0; t < installed.size(); ++t) {
    const double before = t > 0 ? installed[t - 1] : 0;
    EXPECT_NEAR(installed[t], before + bought[t] - retired[t], 1e-6 * installed[t]) << t;
    retired_total += retired[t];
  }
  EXPECT_GT(retired_total, 0);
}

}  // namespace
}  // namespace gpugap
