// The [financing] block end to end: a scenario and its deals file → quantities deal.<id> →
// compiled outputs financing.*; the diagnostics for bad deals; several samples per call.
#include "gpugap/blocks/financing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "gpugap/blocks/financing_deals.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/util/testing.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

const char* kHeader =
    "id,from,to,kind,amount,start_year,years,status,basis,source_url,source_date,note\n";

// The seed's circle, in the shape of data/deals.csv.
const char* kCircle =
    "nvidia_openai,nvidia,openai,equity,100B,2026,4,signed,reported,https://"
    "a.example,2025-09-23,x\n"
    "openai_oracle,openai,oracle,cloud_contract,300B,2027,5,signed,reported,https://"
    "b.example,2025-09-11,"
    "\"reported, WSJ\"\n"
    "oracle_nvidia,oracle,nvidia,purchase,150B,2026,3,signed,estimate,https://"
    "c.example,2025-05-23,y\n";

// The same circle as data/deals.csv has it: the letter of intent and the GPU purchase announced.
std::string announced_circle() {
  std::string circle = kCircle;
  for (const char* id : {"nvidia_openai", "oracle_nvidia"}) {
    const size_t row = circle.find(id);
    const size_t status = circle.find(",signed,", row);
    circle.replace(status, 8, ",announced,");
  }
  return circle;
}

const char* kCompanies =
    "id,name,role\nnvidia,Nvidia,GPUs\nopenai,OpenAI,lab\noracle,Oracle,cloud\nmeta,Meta,lab\n";

class FinancingTest : public testing::TempFolder {
 protected:
  void SetUp() override {
    TempFolder::SetUp();
    write("companies.csv", kCompanies);
  }

  // Loads, expands, applies --set, compiles and evaluates; errors as the CLI prints them.
  struct Outcome {
    Outcome() = default;
    explicit Outcome(std::string e) : errors(std::move(e)) {}
    std::string errors;
    std::map<std::string, std::vector<double>> values;
    std::map<std::string, const QuantityDef*> defs;
    std::shared_ptr<Model> model;
    double at(const std::string& name, size_t year = 0) const {
      auto it = values.find(name);
      if (it == values.end()) {
        ADD_FAILURE() << "no value for " << name << "; errors: " << errors;
        return std::nan("");
      }
      return it->second.at(year);
    }
  };
  Outcome run(const std::string& toml, const std::vector<std::string>& sets = {}) {
    write("scenario.toml", toml);
    Outcome out;
    auto evaluated = evaluate(ScenarioSource::file(path("scenario.toml")), sets);
    if (!evaluated) return Outcome(format_diagnostics(evaluated.diagnostics()));
    const PointResults& results = evaluated->results;
    out.model = std::make_shared<Model>(std::move(evaluated->model));
    for (size_t i = 0; i < out.model->quantities.size(); ++i) {
      out.values[out.model->def(static_cast<int>(i)).name] = results.values[i];
      out.defs[out.model->def(static_cast<int>(i)).name] = &out.model->def(static_cast<int>(i));
    }
    return out;
  }
};

TEST_F(FinancingTest, SeedCircleInWholeAmounts) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[financing]
deals = "deals.csv"
companies = "companies.csv"
report = ["openai", "oracle", "nvidia"]
)");
  ASSERT_EQ(out.errors, "");
  // OpenAI pays Oracle 300 of which Nvidia's 100: a third; Oracle passes a third on to Nvidia.
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_share"), 1.0 / 3, 1e-12);
  EXPECT_NEAR(out.at("financing.nvidia.round_tripped_share"), 1.0 / 3, 1e-12);
  EXPECT_NEAR(out.at("financing.oracle.end_customer_revenue"), 200e9, 1);
  EXPECT_EQ(out.at("financing.openai.revenue"), 0);
  EXPECT_NEAR(out.at("financing.revenue"), 450e9, 1);
  // The companies' figures add up to 150, but the total counts Nvidia's 100 once: by the most of
  // it one company gets back (Oracle, all of it).
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_revenue") +
                  out.at("financing.nvidia.round_tripped_revenue"),
              150e9, 1);
  EXPECT_NEAR(out.at("financing.round_tripped_revenue"), 100e9, 1);
  EXPECT_NEAR(out.at("financing.round_tripped_share"), 100.0 / 450, 1e-12);
  EXPECT_NEAR(out.at("financing.total_flow"), 550e9, 1);
  EXPECT_NEAR(out.at("financing.investment_flow"), 100e9, 1);
  // The deal's amount is an ordinary quantity with its source.
  ASSERT_TRUE(out.defs.count("deal.openai_oracle"));
  EXPECT_EQ(out.defs["deal.openai_oracle"]->source, "https://b.example (2025-09-11)");
  EXPECT_NE(out.defs["deal.openai_oracle"]->note.find("openai → oracle, cloud_contract, signed"),
            std::string::npos);
}

TEST_F(FinancingTest, SetOverridesADeal) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[financing]
deals = "deals.csv"
report = ["oracle"]
)",
                 {"deal.openai_oracle=200B"});
  ASSERT_EQ(out.errors, "");
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_share"), 0.5, 1e-12);
}

TEST_F(FinancingTest, ScenarioRestatesADealAmount) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[quantities]
"deal.nvidia_openai" = { value = "30B", source = "the Feb 2026 round" }
[financing]
deals = "deals.csv"
report = ["oracle"]
)");
  ASSERT_EQ(out.errors, "");
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_share"), 0.1, 1e-12);
  EXPECT_EQ(out.defs["deal.nvidia_openai"]->source, "the Feb 2026 round");
}

TEST_F(FinancingTest, YearlySeriesSpreadDealsOverTheirYears) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[time]
years = "2026..2031"
[quantities]
ai_revenue = { value = "100B", unit = "USD/yr" }
gap = { value = "ai_revenue - financing.end_customer_revenue", unit = "USD/yr" }
[financing]
deals = "deals.csv"
report = ["oracle"]
)");
  ASSERT_EQ(out.errors, "");
  // 2026: Nvidia 25B into OpenAI, Oracle buys 50B; OpenAI pays Oracle nothing yet.
  EXPECT_NEAR(out.at("financing.total_flow", 0), 75e9, 1);
  EXPECT_EQ(out.at("financing.oracle.revenue", 0), 0);
  // 2027: OpenAI pays 60B, a pool of 60 of which 25 is Nvidia's.
  EXPECT_NEAR(out.at("financing.oracle.revenue", 1), 60e9, 1);
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_share", 1), 25.0 / 60, 1e-12);
  // 2030: Nvidia's money has stopped (2026..2029); nothing is round-tripped.
  EXPECT_EQ(out.at("financing.oracle.round_tripped_share", 4), 0);
  EXPECT_NEAR(out.at("gap", 1), 100e9 - 35e9, 1);
}

TEST_F(FinancingTest, OutsideMoneyIsAFormula) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[quantities]
oracle_other_revenue = { value = "150B", unit = "USD" }
[financing]
deals = "deals.csv"
report = ["nvidia"]
outside = { oracle = "oracle_other_revenue" }
)");
  ASSERT_EQ(out.errors, "");
  // Oracle pays Nvidia from a pool of 450, of which Nvidia's 100.
  EXPECT_NEAR(out.at("financing.nvidia.round_tripped_share"), 100.0 / 450, 1e-12);
}

TEST_F(FinancingTest, StatusesIncludeAndExcludeChooseTheDeals) {
  write("deals.csv", std::string(kHeader) + announced_circle());
  auto out = run(R"(
[financing]
deals = "deals.csv"
statuses = ["signed"]
)");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.values.count("deal.nvidia_openai"), 0u);
  EXPECT_EQ(out.at("financing.round_tripped_share"), 0);
  // Only reported amounts: the estimated oracle_nvidia goes, whatever its status.
  out = run(R"(
[financing]
deals = "deals.csv"
statuses = ["announced", "signed", "paid"]
basis = ["reported"]
)");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.values.count("deal.oracle_nvidia"), 0u);
  EXPECT_EQ(out.values.count("deal.nvidia_openai"), 1u);
  EXPECT_EQ(out.at("financing.round_tripped_share"), 0);
  out = run(R"(
[financing]
deals = "deals.csv"
exclude = ["oracle_nvidia"]
)");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.at("financing.round_tripped_share"), 0);
  out = run(R"(
[financing]
deals = "deals.csv"
include = ["nvidia_openai", "openai_oracle", "oracle_nvidia"]
)");
  EXPECT_NEAR(out.at("financing.round_tripped_share"), 100.0 / 450, 1e-12);  // counted once
}

// --set of a deal that is in the file but not counted says why (it used to say only "not a
// quantity").
TEST_F(FinancingTest, SetOfADealTheScenarioDoesNotCountSaysWhy) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run("[financing]\ndeals = \"deals.csv\"\ninclude = [\"openai_oracle\"]\n",
                 {"deal.oracle_nvidia=5B"});
  EXPECT_NE(out.errors.find("--set names 'deal.oracle_nvidia', which is not a quantity"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("hint: deal 'oracle_nvidia' is in " + path("deals.csv") +
                            ", but this scenario does not count it: the [financing] include "
                            "list leaves it out"),
            std::string::npos)
      << out.errors;
  out = run("[financing]\ndeals = \"deals.csv\"\nexclude = [\"oracle_nvidia\"]\n",
            {"deal.oracle_nvidia=5B"});
  EXPECT_NE(out.errors.find("the [financing] exclude list names it"), std::string::npos)
      << out.errors;
}

// A deal's status and the basis of its amount are two columns: "estimate" used to be a status,
// which dropped an estimated amount of a signed deal from statuses = ["signed", "paid"].
TEST_F(FinancingTest, StatusAndBasisAreSeparateColumns) {
  write("deals.csv",
        std::string(kHeader) + kCircle +
            "a,meta,oracle,purchase,5B,2026,1,estimate,reported,https://d.example,2025-01-01,z\n"
            "b,meta,oracle,purchase,5B,2026,1,signed,guess,https://d.example,2025-01-01,z\n");
  auto out = run("[financing]\ndeals = \"deals.csv\"\n");
  const std::string deals = path("deals.csv");
  EXPECT_NE(out.errors.find(deals + ":5:34: error: deal 'a' has an unknown status 'estimate'"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("hint: 'estimate' is a basis (the basis column)"), std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find(deals + ":6:41: error: deal 'b' has an unknown basis 'guess'"),
            std::string::npos)
      << out.errors;
  write("deals.csv", std::string(kHeader) + announced_circle());
  out = run("[financing]\ndeals = \"deals.csv\"\nstatuses = [\"signed\", \"estimate\"]\n");
  EXPECT_NE(
      out.errors.find(path("scenario.toml") + ":3:23: error: unknown deal status 'estimate'\n"),
      std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("hint: 'estimate' belongs in basis = [...]"), std::string::npos)
      << out.errors;
  // A signed deal with an estimated amount counts under statuses = ["signed"].
  out = run("[financing]\ndeals = \"deals.csv\"\nstatuses = [\"announced\"]\n");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.values.count("deal.oracle_nvidia"), 1u);
  EXPECT_EQ(out.values.count("deal.openai_oracle"), 0u);
}

// Without `statuses`, an announced deal (a letter of intent) is not counted: it is not a contract
// (issue 14 item 10). Naming it in `include`, or listing "announced" in statuses, counts it; the
// block lists what the default left out, and a --set of it says why.
TEST_F(FinancingTest, AnnouncedDealsAreNotCountedByDefault) {
  write("deals.csv", std::string(kHeader) + announced_circle());
  auto out = run("[financing]\ndeals = \"deals.csv\"\nreport = [\"oracle\"]\n");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.values.count("deal.nvidia_openai"), 0u);
  EXPECT_EQ(out.values.count("deal.oracle_nvidia"), 0u);
  EXPECT_EQ(out.at("financing.oracle.round_tripped_revenue"), 0);
  const FinancingBlock* block = nullptr;
  for (const auto& b : out.model->scenario.blocks) {
    if (auto* f = dynamic_cast<const FinancingBlock*>(b.get())) block = f;
  }
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(block->left_out_by_default_status(),
            (std::vector<std::string>{"nvidia_openai", "oracle_nvidia"}));
  out = run("[financing]\ndeals = \"deals.csv\"\nreport = [\"oracle\"]\n",
            {"deal.nvidia_openai=50B"});
  EXPECT_NE(out.errors.find("its status 'announced' is not counted by default"), std::string::npos)
      << out.errors;
  // Named in include: counted, and nothing is left out by the default.
  out = run(
      "[financing]\ndeals = \"deals.csv\"\nreport = [\"oracle\"]\ninclude = [\"nvidia_openai\", "
      "\"openai_oracle\", \"oracle_nvidia\"]\n");
  ASSERT_EQ(out.errors, "");
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_revenue"), 100e9, 1);
  // An explicit statuses list counts what it names.
  out =
      run("[financing]\ndeals = \"deals.csv\"\nreport = [\"oracle\"]\nstatuses = [\"announced\", "
          "\"signed\", \"paid\"]\n");
  ASSERT_EQ(out.errors, "");
  EXPECT_NEAR(out.at("financing.oracle.round_tripped_revenue"), 100e9, 1);
}

// Several samples in one call, each with its own amounts, as Monte Carlo runs it.
TEST_F(FinancingTest, EvaluatesEverySampleOfABlock) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto scenario = load(ScenarioSource::text_of(path("s.toml"), R"(
[financing]
deals = "deals.csv"
report = ["oracle"]
)"));
  ASSERT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  const Block& block = *scenario->blocks.at(0);
  ASSERT_EQ(block.inputs().size(), 3u);
  const size_t count = 3;
  Program program;
  const size_t outputs = block.outputs().size();
  program.slot_count = static_cast<uint32_t>(3 + outputs);
  Workspace workspace(program, count);
  std::vector<Operand> in{{0, 1}, {1, 1}, {2, 1}}, out;
  for (uint32_t o = 0; o < outputs; ++o) out.push_back({3 + o, 1});
  // Nvidia's investment 0, 100B, 300B; OpenAI → Oracle 300B; Oracle → Nvidia 150B.
  const double nvidia[] = {0, 100e9, 300e9};
  for (size_t s = 0; s < count; ++s) {
    workspace.slot(0)[s] = nvidia[s];
    workspace.slot(1)[s] = 300e9;
    workspace.slot(2)[s] = 150e9;
  }
  BlockFrame frame(workspace.slots(), in, out, 0, 1, count);
  block.evaluate(frame);
  size_t share = 0;
  for (size_t o = 0; o < outputs; ++o) {
    if (block.outputs()[o].name == "financing.oracle.round_tripped_share") share = o;
  }
  EXPECT_EQ(workspace.slot(3 + share)[0], 0);
  EXPECT_NEAR(workspace.slot(3 + share)[1], 1.0 / 3, 1e-12);
  // Nvidia invests 300B but was paid 150B by Oracle: half of its investment is Oracle's money
  // (vendor-financed demand), so 150B of Oracle's 300B come back, not all of it.
  EXPECT_NEAR(workspace.slot(3 + share)[2], 0.5, 1e-12);
}

// Bad input: each mistake at its file:line:col, several at once.
TEST_F(FinancingTest, BadRowsAreDiagnosedAtTheirLine) {
  write("deals.csv",
        std::string(kHeader) + kCircle +
            "a,nvidai,openai,equity,5B,2026,1,paid,reported,https://d.example,2025-01-01,z\n"
            "b,meta,oracle,purchase,-5B,2026,1,paid,reported,https://d.example,2025-01-01,z\n"
            "c,meta,oracle,purchase,5B,2026,1,paid,reported,,2025-01-01,z\n");
  auto out = run(R"(
[financing]
deals = "deals.csv"
companies = "companies.csv"
)");
  const std::string deals = path("deals.csv");
  EXPECT_NE(
      out.errors.find(deals + ":5:3: error: deal 'a' names company 'nvidai', which is not in"),
      std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("hint: did you mean 'nvidia'?"), std::string::npos);
  EXPECT_NE(out.errors.find(deals + ":6:24: error: deal 'b' has a negative amount, -5B"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find(deals + ":7:48: error: deal 'c' has no source_url"), std::string::npos)
      << out.errors;
}

// "$5B" and "5B USD" got a formula's error without a hint, or "is an operator missing?".
TEST_F(FinancingTest, AmountErrorsSayHowToWriteAnAmount) {
  write("deals.csv",
        std::string(kHeader) + kCircle +
            "a,meta,oracle,purchase,$5B,2026,1,paid,reported,https://d.example,2025-01-01,z\n"
            "b,meta,oracle,purchase,5B USD,2026,1,paid,reported,https://d.example,2025-01-01,z\n");
  auto out = run("[financing]\ndeals = \"deals.csv\"\n");
  const std::string deals = path("deals.csv");
  EXPECT_NE(out.errors.find(deals + ":5:24: error: the amount of deal 'a' is not a number of "
                                    "dollars: unexpected character '$'"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find(deals + ":6:27: error: the amount of deal 'b' is not a number of "
                                    "dollars: unexpected 'USD'"),
            std::string::npos)
      << out.errors;
  EXPECT_EQ(out.errors.find("operator missing"), std::string::npos) << out.errors;
  const std::string hint =
      "hint: write the total as a number of US dollars with k, M, B or T, "
      "e.g. 300B, or a range 150B to 158B; amounts are in USD, so no $ sign "
      "or currency name";
  const size_t first = out.errors.find(hint);
  ASSERT_NE(first, std::string::npos) << out.errors;
  EXPECT_NE(out.errors.find(hint, first + 1), std::string::npos) << out.errors;
}

TEST_F(FinancingTest, MalformedLine) {
  write("deals.csv", std::string(kHeader) + kCircle + "d,meta,oracle\n");
  auto out = run("[financing]\ndeals = \"deals.csv\"\n");
  EXPECT_NE(out.errors.find(path("deals.csv") + ":5:1: error: malformed CSV"), std::string::npos)
      << out.errors;
}

TEST_F(FinancingTest, DealOutsideTheTimeAxis) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"(
[time]
years = "2027..2031"
[financing]
deals = "deals.csv"
)");
  EXPECT_NE(out.errors.find(path("deals.csv") +
                            ":2:41: error: deal 'nvidia_openai' flows 2026..2029, outside the "
                            "scenario's years 2027..2031"),
            std::string::npos)
      << out.errors;
}

TEST_F(FinancingTest, TimingFillsWhatTheDataLacks) {
  write("deals.csv",
        std::string(kHeader) +
            "x,nvidia,openai,equity,10B,,,signed,reported,https://a.example,2025-01-01,n\n");
  auto out = run(R"(
[time]
years = "2026..2030"
[financing]
deals = "deals.csv"
)");
  EXPECT_NE(out.errors.find("error: deal 'x' has no start_year in"), std::string::npos)
      << out.errors;
  out = run(R"(
[time]
years = "2026..2030"
[financing]
deals = "deals.csv"
timing = { x = { start = 2026, years = 2 } }
)");
  ASSERT_EQ(out.errors, "");
  EXPECT_NEAR(out.at("financing.investment_flow", 1), 5e9, 1);
  EXPECT_EQ(out.at("financing.investment_flow", 2), 0);
}

TEST_F(FinancingTest, TableMistakes) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run(R"([financing]
deals = "deals.csv"
report = ["oracel"]
exclude = ["openai_oracel"]
statuss = ["paid"]
)");
  const std::string toml = path("scenario.toml");
  EXPECT_NE(out.errors.find(toml + ":5:1: error: unknown key 'statuss' in [financing]"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find(toml + ":3:11: error: unknown company 'oracel'"), std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("did you mean 'oracle'?"), std::string::npos);
  EXPECT_NE(out.errors.find(toml + ":4:12: error: no deal 'openai_oracel'"), std::string::npos)
      << out.errors;
}

// A negative amount from --set is named at the --set, like one in the deals file (it used to be
// a generic "'financing.…' is not a finite number for these inputs").
TEST_F(FinancingTest, NegativeAmountFromSetIsNamed) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run("[financing]\ndeals = \"deals.csv\"\n", {"deal.oracle_nvidia=-1B"});
  EXPECT_NE(out.errors.find("<--set>:1:20: error: deal 'oracle_nvidia' has a negative amount, -1B"),
            std::string::npos)
      << out.errors;
  EXPECT_NE(out.errors.find("hint: a deal's amount is what `from` pays `to`, 0 or more"),
            std::string::npos)
      << out.errors;
}

// Negative outside money used to count as none; it is an error, where it is written.
TEST_F(FinancingTest, NegativeOutsideMoneyIsAnError) {
  write("deals.csv", std::string(kHeader) + kCircle);
  auto out = run("[financing]\ndeals = \"deals.csv\"\noutside = { oracle = \"-500B\" }\n");
  EXPECT_NE(out.errors.find(path("scenario.toml") +
                            ":3:23: error: the outside money of 'oracle' is negative, -500B"),
            std::string::npos)
      << out.errors;
  out = run(R"~([time]
years = "2026..2031"
[quantities]
other = { value = "if(year < 2028, 10B[USD/yr], -5B[USD/yr])", unit = "USD/yr" }
[financing]
deals = "deals.csv"
outside = { oracle = "other" }
)~");
  EXPECT_NE(out.errors.find("the outside money of 'oracle' is negative in 2028, -5B/yr"),
            std::string::npos)
      << out.errors;
}

// data/deals.csv itself: every row has its page and date, and its note says what its basis says.
TEST(FinancingData, EveryDealIsSourcedAndMarked) {
  const fs::path data = fs::path(GPUGAP_SOURCE_SCENARIOS).parent_path() / "data";
  auto companies = read_companies((data / "companies.csv").string());
  ASSERT_TRUE(companies.ok()) << format_diagnostics(companies.diagnostics());
  auto file = read_deals((data / "deals.csv").string(), &*companies);
  ASSERT_TRUE(file.ok()) << format_diagnostics(file.diagnostics());
  for (const Deal& deal : file->deals) {
    EXPECT_EQ(deal.source_url.rfind("https://", 0), 0u) << deal.id;
    const std::string prefix = deal.basis == "estimate" ? "estimate:" : "reported";
    EXPECT_EQ(deal.note.rfind(prefix, 0), 0u) << deal.id << ": " << deal.note;
  }
}

// Stargate as two kinds of row: its owners' equity in, its spending out to `suppliers`; the
// spending is the reported $100B at once plus the rest of the $500B.
TEST_F(FinancingTest, StargateIsItsOwnersMoneyInAndItsSpendingOut) {
  const fs::path data = fs::path(GPUGAP_SOURCE_SCENARIOS).parent_path() / "data";
  auto out = run("[financing]\ndeals = \"" + (data / "deals.csv").string() + "\"\ncompanies = \"" +
                 (data / "companies.csv").string() +
                 "\"\n"
                 "include = [\"openai_stargate\", \"softbank_stargate\", \"oracle_stargate\", "
                 "\"mgx_stargate\", \"stargate_initial\", \"stargate_rest\"]\n"
                 "report = [\"stargate\", \"suppliers\"]\n");
  ASSERT_EQ(out.errors, "");
  EXPECT_EQ(out.at("deal.stargate_initial"), 100e9);
  EXPECT_EQ(out.at("deal.stargate_initial") + out.at("deal.stargate_rest"), 500e9);
  EXPECT_EQ(out.at("financing.investment_flow"), 52e9);  // 19 + 19 + 7 + 7
  EXPECT_EQ(out.at("financing.suppliers.revenue"), 500e9);
  EXPECT_EQ(out.at("financing.suppliers.round_tripped_share"), 0);  // no money comes back
  EXPECT_EQ(out.at("financing.stargate.revenue"), 0);               // equity is not revenue
}

// Each company's money from outside the deals comes from the companies file by default (its
// revenue and funding a year; for whole amounts, times the years the counted deals flow over),
// so that the share is not the largest the deals allow; `outside` overrides one company, and
// outside_default = "none" gives the upper bound.
TEST_F(FinancingTest, FilingsGiveOutsideMoneyByDefault) {
  write("deals.csv", std::string(kHeader) + kCircle);
  write("filed.csv",
        "id,name,role,revenue_usd,revenue_period,funding_usd,source_url,source_date,"
        "source_kind,note\n"
        "nvidia,Nvidia,GPUs,200B,FY2026,,https://n.example,2026-02-25,primary,x\n"
        "openai,OpenAI,lab,10B,2025,5B,https://o.example,2026-03-29,weak,y\n"
        "oracle,Oracle,cloud,50B,FY2025,,https://r.example,2025-06-11,primary,z\n");
  const std::string table =
      "[financing]\ndeals = \"deals.csv\"\ncompanies = \"filed.csv\"\n"
      "report = [\"oracle\", \"nvidia\"]\n";
  auto filed = run(table);
  ASSERT_EQ(filed.errors, "");
  // The deals flow over 2026..2031: six years of each company's yearly figure.
  EXPECT_NEAR(filed.at("financing.outside.oracle"), 6 * 50e9, 1);
  EXPECT_NEAR(filed.at("financing.outside.nvidia"), 6 * 200e9, 1);
  EXPECT_NEAR(filed.at("financing.outside.openai"), 6 * 15e9, 1);  // revenue + funding
  EXPECT_EQ(filed.defs["financing.outside.oracle"]->source,
            "https://r.example (2025-06-11; primary)");
  EXPECT_NE(filed.defs["financing.outside.oracle"]->note.find("2026..2031"), std::string::npos);
  // Nvidia's pool is 150 + 1,200: Oracle's money is 150/1,350 of Nvidia's 100 invested.
  EXPECT_NEAR(filed.at("financing.oracle.round_tripped_revenue"), 100e9 * 150 / 1350, 1e3);
  // Oracle's pool is 300 + 300: half of OpenAI's payment comes back to Nvidia through it.
  EXPECT_NEAR(filed.at("financing.nvidia.round_tripped_revenue"), 100e9 * 150 / 600, 1e3);

  auto none = run(table + "outside_default = \"none\"\n");
  ASSERT_EQ(none.errors, "");
  EXPECT_EQ(none.values.count("financing.outside.oracle"), 0u);
  EXPECT_NEAR(none.at("financing.oracle.round_tripped_share"), 1.0 / 3, 1e-12);
  EXPECT_LT(filed.at("financing.oracle.round_tripped_share"),
            none.at("financing.oracle.round_tripped_share"));

  // `outside` names Nvidia: its figure replaces the filing's; the others keep theirs.
  auto named = run(table + "outside = { nvidia = \"0\" }\n");
  ASSERT_EQ(named.errors, "");
  EXPECT_EQ(named.at("financing.outside.nvidia"), 0);
  EXPECT_NEAR(named.at("financing.outside.oracle"), 6 * 50e9, 1);
  EXPECT_NEAR(named.at("financing.oracle.round_tripped_revenue"), 100e9, 1e3);

  // With [time], the yearly figure every year.
  auto yearly = run("[time]\nyears = \"2026..2031\"\n" + table);
  ASSERT_EQ(yearly.errors, "");
  EXPECT_NEAR(yearly.at("financing.outside.oracle"), 50e9, 1);  // one value, every year
  // 2027: Nvidia's pool 50 + 200 from outside, Oracle's money 50/250 of Nvidia's 25 invested;
  // OpenAI passes all of it on (it pays 60, holds 25 + 15).
  EXPECT_NEAR(yearly.at("financing.oracle.round_tripped_revenue", 1), 25e9 * 50 / 250, 1e3);
  EXPECT_EQ(yearly.defs["financing.outside.oracle"]->unit, "USD/yr");

  auto bad = run(table + "outside_default = \"some\"\n");
  EXPECT_NE(bad.errors.find("outside_default must be \"filings\" or \"none\""), std::string::npos)
      << bad.errors;
}

// The bundled circle: whole amounts (its question, about the deals as wholes) and year by year,
// one [time] table away; both below the upper bound without outside money, and the year-by-year
// tracing below the whole one (money that goes round across years is not counted).
TEST_F(FinancingTest, CircularYearByYearIsOneTableAway) {
  const fs::path circle = fs::path(GPUGAP_SOURCE_SCENARIOS) / "circular-2025.toml";
  auto share = [&](const std::string& extra, bool yearly) {
    auto out = run("extends = \"" + circle.string() + "\"\n" + extra);
    EXPECT_EQ(out.errors, "");
    double revenue = 0, round_tripped = 0;
    const size_t years = yearly ? 6 : 1;
    for (size_t y = 0; y < years; ++y) {
      revenue += out.at("financing.oracle.revenue", y);
      round_tripped += out.at("financing.oracle.round_tripped_revenue", y);
    }
    return round_tripped / revenue;
  };
  // With [time] the revenue is a flow: the scenario's two gaps take its sum over the years.
  const std::string time =
      "[time]\nyears = \"2026..2031\"\n[quantities]\n"
      "gap_on_contract = \"required_revenue - sum(financing.oracle.revenue)\"\n"
      "gap_on_end_customers = \"required_revenue - sum(financing.oracle.end_customer_revenue)\"\n";
  const std::string none = "[financing]\noutside_default = \"none\"\n";
  const double whole = share("", false), by_year = share(time, true);
  const double whole_bound = share(none, false), by_year_bound = share(time + none, true);
  EXPECT_NEAR(whole_bound, 1.0 / 3, 1e-9);
  EXPECT_LT(by_year_bound, whole_bound);
  EXPECT_LT(whole, whole_bound);
  EXPECT_LT(by_year, by_year_bound);
  EXPECT_GT(whole, 0);
  EXPECT_GT(by_year, 0);
}

}  // namespace
}  // namespace gpugap
