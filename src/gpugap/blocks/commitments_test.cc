// The [commitments] block: the model on hand-computed cases (settle_commitments), then end to end
// from a scenario and a deals file, and the diagnostics of a bad table.
#include "gpugap/blocks/commitments.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "gpugap/run/pipeline.h"
#include "gpugap/util/testing.h"

namespace gpugap {
namespace {

TEST(PaymentProfile, WeightsSumToOne) {
  EXPECT_EQ(profile_weights(PaymentProfile::kFlat, 4),
            (std::vector<double>{0.25, 0.25, 0.25, 0.25}));
  auto ramp = profile_weights(PaymentProfile::kRamp, 4);  // 1, 2, 3, 4 of 10
  ASSERT_EQ(ramp.size(), 4u);
  EXPECT_DOUBLE_EQ(ramp[0], 0.1);
  EXPECT_DOUBLE_EQ(ramp[1], 0.2);
  EXPECT_DOUBLE_EQ(ramp[2], 0.3);
  EXPECT_DOUBLE_EQ(ramp[3], 0.4);
  EXPECT_EQ(profile_weights(PaymentProfile::kRamp, 1), std::vector<double>{1.0});
  PaymentProfile p = PaymentProfile::kFlat;
  EXPECT_TRUE(parse_payment_profile("ramp", p));
  EXPECT_EQ(p, PaymentProfile::kRamp);
  EXPECT_FALSE(parse_payment_profile("front", p));
}

// 2025..2029. A: 100 to x from 2025 over 2 years, flat: 50, 50. B: 60 to y from 2026 over 3
// years, ramp: 10, 20, 30. Payments 50, 60, 20, 30, 0.
CommitmentsStructure two_deals() {
  CommitmentsStructure s;
  s.company = "acme";
  s.first_year = 2025;
  s.years = 5;
  s.suppliers = {"x", "y"};
  s.commitments = {{"a", "deal.a", 0, 2025, 2, PaymentProfile::kFlat},
                   {"b", "deal.b", 1, 2026, 3, PaymentProfile::kRamp}};
  return s;
}

TEST(SettleCommitments, HandComputed) {
  CommitmentsOutcome out;
  settle_commitments(two_deals(), {100, 60}, {10, 20, 40, 30, 50}, out);
  EXPECT_EQ(out.payments, (std::vector<double>{50, 60, 20, 30, 0}));
  EXPECT_EQ(out.to_supplier[0], (std::vector<double>{50, 50, 0, 0, 0}));
  EXPECT_EQ(out.to_supplier[1], (std::vector<double>{0, 10, 20, 30, 0}));
  // Need = payments − revenue: 40, 40, −20, 0, −50; cumulative 40, 80, 60, 60, 10.
  EXPECT_EQ(out.funding_need, (std::vector<double>{40, 40, -20, 0, -50}));
  EXPECT_EQ(out.cumulative_need, (std::vector<double>{40, 80, 60, 60, 10}));
  EXPECT_EQ(out.peak_need, 80);
  // 2028: 30 covers 30 (the last year with payments); 2027: 40 ≥ 20; 2026: 20 < 60.
  EXPECT_EQ(out.covered_year, 2027);
}

TEST(SettleCommitments, NeverWhenTheLastPaymentIsShort) {
  CommitmentsOutcome out;
  // 2025–2027 covered, 2028 short by 1: revenue covering the early years does not count.
  settle_commitments(two_deals(), {100, 60}, {100, 100, 100, 29, 1000}, out);
  EXPECT_TRUE(std::isinf(out.covered_year));
  EXPECT_EQ(out.peak_need, 0);  // cumulative −50, −90, −170, −169, −1169
  EXPECT_EQ(out.cumulative_need.back(), -1169);
}

TEST(SettleCommitments, CoveredNoEarlierThanTheFirstPayment) {
  CommitmentsStructure s = two_deals();
  s.commitments.erase(s.commitments.begin());  // only B, 2026–2028
  CommitmentsOutcome out;
  settle_commitments(s, {60}, {100, 100, 100, 100, 100}, out);
  EXPECT_EQ(out.covered_year, 2026);
  settle_commitments(s, {0}, {0, 0, 0, 0, 0}, out);  // nothing to pay: covered from the start
  EXPECT_EQ(out.covered_year, 2025);
}

class CommitmentsTest : public testing::TempFolder {
 protected:
  struct Outcome {
    std::string errors;
    std::map<std::string, std::vector<double>> values;
    std::map<std::string, std::string> notes;
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
    write("deals.csv", kDeals);
    write("scenario.toml", toml);
    Outcome out;
    auto evaluated = evaluate(ScenarioSource::file(path("scenario.toml")), sets);
    if (!evaluated) {
      out.errors = format_diagnostics(evaluated.diagnostics());
      return out;
    }
    for (size_t i = 0; i < evaluated->model.quantities.size(); ++i) {
      const QuantityDef& def = evaluated->model.def(static_cast<int>(i));
      out.values[def.name] = evaluated->results.values[i];
      out.notes[def.name] = def.note;
    }
    return out;
  }

  static constexpr const char* kDeals =
      "id,from,to,kind,amount,start_year,years,status,basis,source_url,source_date,note\n"
      "acme_x,acme,x,cloud_contract,100B,2025,2,signed,reported,https://a.example,2025-01-01,x\n"
      "acme_y,acme,y,purchase,60B,2026,,signed,reported,https://b.example,2025-02-01,y\n"
      "acme_fund,acme,z,equity,7B,2025,1,paid,reported,https://c.example,2025-03-01,z\n"
      "x_acme,x,acme,equity,5B,2025,1,paid,reported,https://d.example,2025-04-01,w\n";
};

constexpr const char* kTable = R"toml(
[time]
years = "2025..2029"

[commitments]
deals = "deals.csv"
company = "acme"
revenue = "10B"
)toml";

TEST_F(CommitmentsTest, DealsFromTheFileWithTimingAndSuppliers) {
  // The revenue as a yearly table needs a quantity: the table's revenue names it.
  auto out = run(R"toml(
[time]
years = "2025..2029"

[quantities]
sales = { unit = "USD/yr", value = { 2025 = "10B", 2026 = "20B", 2027 = "40B", 2028 = "30B", 2029 = "50B" } }
y_revenue = { value = "120B", unit = "USD/yr" }

[commitments]
deals = "deals.csv"
company = "acme"
revenue = "sales"

[commitments.timing]
acme_y = { years = 3, profile = "ramp" }

[commitments.suppliers]
y = "y_revenue"
)toml");
  ASSERT_EQ(out.errors, "");
  // The equity rows are not commitments to pay for compute (kinds default to cloud_contract and
  // purchase); x_acme is paid to acme, not by it.
  EXPECT_EQ(out.values.count("deal.acme_fund"), 0u);
  EXPECT_EQ(out.values.count("deal.x_acme"), 0u);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments", 0), 50e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments", 1), 60e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments", 2), 20e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments", 3), 30e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.cumulative_need", 1), 80e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.peak_need"), 80e9);
  EXPECT_EQ(out.at("commitments.covered_year"), 2027);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments.y", 3), 30e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.dependence.y", 3), 0.25);  // 30B of 120B
  EXPECT_NE(out.notes["deal.acme_y"].find("paid 2026..2028 (ramp)"), std::string::npos);

  // --set reaches a deal's amount: x's 100B → 200B doubles 2025's payment.
  auto set = run(R"toml(
[time]
years = "2025..2029"

[commitments]
deals = "deals.csv"
company = "acme"
revenue = "10B"
include = ["acme_x"]
)toml",
                 {"deal.acme_x=200B"});
  ASSERT_EQ(set.errors, "");
  EXPECT_DOUBLE_EQ(set.at("commitments.payments", 0), 100e9);
  EXPECT_DOUBLE_EQ(set.at("commitments.funding_need", 0), 90e9);
  EXPECT_TRUE(std::isinf(set.at("commitments.covered_year")));  // 10B < 100B in 2026
}

TEST_F(CommitmentsTest, StatedCommitments) {
  auto out = run(R"toml(
[time]
years = "2025..2029"

[quantities]
gw = { value = "2", unit = "GW" }

[commitments]
company = "acme"
revenue = "growth(10B, 100%)"

[commitments.stated]
chips = { to = "n", amount = "gw * 30[USD/W]", start = 2026, years = 3 }
)toml");
  ASSERT_EQ(out.errors, "");
  EXPECT_DOUBLE_EQ(out.at("commitments.chips"), 60e9);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments", 0), 0);
  EXPECT_DOUBLE_EQ(out.at("commitments.payments.n", 1), 20e9);
  // Revenue 10, 20, 40, 80, 160 against 0, 20, 20, 20, 0: covered from 2026, the first payment.
  EXPECT_EQ(out.at("commitments.covered_year"), 2026);
}

TEST_F(CommitmentsTest, Mistakes) {
  // acme_y has no length in the file.
  auto out = run(std::string(kTable));
  EXPECT_NE(out.errors.find("commitment 'acme_y' has no years"), std::string::npos) << out.errors;
  EXPECT_NE(out.errors.find("[commitments.timing]"), std::string::npos);

  out = run(std::string(kTable) + "include = [\"acme_x\"]\nprofile = \"front\"\n");
  EXPECT_NE(out.errors.find("a profile is \"flat\" or \"ramp\""), std::string::npos) << out.errors;

  out = run(std::string(kTable) + "exclude = [\"acme_y\"]\nsupliers = 1\n");
  EXPECT_NE(out.errors.find("unknown key 'supliers' in [commitments]"), std::string::npos);
  EXPECT_NE(out.errors.find("did you mean 'suppliers'?"), std::string::npos);

  out = run(std::string(kTable) + "exclude = [\"acme_y\"]\n[commitments.suppliers]\nz = \"1B\"\n");
  EXPECT_NE(out.errors.find("'z' is no supplier of acme's counted commitments"), std::string::npos)
      << out.errors;

  out = run(std::string(kTable) + "[commitments.timing]\nacme_y = { start = 2028, years = 4 }\n");
  EXPECT_NE(out.errors.find("commitment 'acme_y' is paid 2028..2031, outside the scenario's "
                            "years 2025..2029"),
            std::string::npos)
      << out.errors;

  out = run("[commitments]\ncompany = \"acme\"\nrevenue = \"1B\"\ndeals = \"deals.csv\"\n");
  EXPECT_NE(out.errors.find("[commitments] needs [time]"), std::string::npos) << out.errors;

  out = run(std::string(kTable) + "exclude = [\"acme_y\"]\n", {"deal.acme_x=-5B"});
  EXPECT_NE(out.errors.find("commitment 'acme_x' has a negative amount, -5B"), std::string::npos)
      << out.errors;
}

}  // namespace
}  // namespace gpugap
