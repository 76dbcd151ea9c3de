// The [commitments] block (docs/commitments.md): can a company pay for what it signed? Its
// contracted payments year by year (each deal of data/deals.csv, or one the scenario states,
// spread over its years by a profile), against its revenue path, give the funding need per year
// and cumulative, the year from which revenue covers the payments, and each supplier's dependence
// on the company.
//
//   [commitments]
//   deals = "../data/deals.csv"     # relative to this file
//   company = "openai"              # the payer: deals with from = company
//   revenue = "growth(13.1B, 50%)"  # a formula in USD/yr, a series or one number
//   suppliers = { oracle = "57.4B" }  # optional: a supplier's revenue (USD/yr), for its dependence
//
// Each counted deal's amount is the quantity `deal.<id>` (USD, as the [financing] block names it,
// so --set deal.openai_oracle=200B reaches both), a stated commitment's `commitments.<id>`. The
// block needs [time]. It is immutable; evaluate() is const and thread-safe.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "gpugap/program/block.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

// How a commitment's amount is spread over its years.
enum class PaymentProfile {
  kFlat,  // equal parts: 1/n a year
  kRamp,  // rising in a straight line: k / (1 + 2 + … + n) in its k-th year
};

// "flat", "ramp"; false for anything else.
bool parse_payment_profile(const std::string& text, PaymentProfile& out);
const char* payment_profile_name(PaymentProfile profile);

// The share of the amount paid in the k-th year (from 0) of `years`; over the years they sum to 1.
double profile_weight(PaymentProfile profile, int years, int k);
// All `years` shares.
std::vector<double> profile_weights(PaymentProfile profile, int years);

struct Commitment {
  std::string id;         // the deal's id, or the stated commitment's
  std::string input;      // its amount's quantity: "deal.<id>" or "commitments.<id>"
  uint32_t supplier = 0;  // index into CommitmentsStructure::suppliers
  int start_year = 0;
  int years = 1;
  PaymentProfile profile = PaymentProfile::kFlat;
};

struct CommitmentsStructure {
  std::string company;
  int first_year = 0;  // the time axis
  int years = 0;
  std::vector<Commitment> commitments;
  std::vector<std::string> suppliers;      // every supplier of a commitment, sorted
  std::vector<uint32_t> supplier_revenue;  // suppliers with a revenue input, in input order
};

// One sample's results, in base units (USD/yr, USD; a year, or +infinity for never).
struct CommitmentsOutcome {
  std::vector<double> payments, funding_need, cumulative_need;  // per year
  std::vector<std::vector<double>> to_supplier;                 // [supplier][year]
  double peak_need = 0;
  double covered_year = std::numeric_limits<double>::infinity();
};

// The model for one sample: `amounts` parallels the commitments (USD), `revenue` has one value
// per year (USD/yr). Pure arithmetic; docs/commitments.md gives each formula.
void settle_commitments(const CommitmentsStructure& s, const std::vector<double>& amounts,
                        const std::vector<double>& revenue, CommitmentsOutcome& out);

class CommitmentsBlock final : public Block {
 public:
  explicit CommitmentsBlock(CommitmentsStructure structure);

  std::string name() const override { return "commitments"; }
  // The amounts (one per commitment), the revenue, then the suppliers' revenue.
  std::vector<std::string> inputs() const override;
  std::vector<BlockOutput> outputs() const override;
  Status check(const std::vector<BlockInputInfo>& inputs) const override;
  void evaluate(BlockFrame& frame) const override;
  std::optional<BlockInputProblem> explain_not_finite(
      const std::vector<std::vector<double>>& values) const override;

  const CommitmentsStructure& structure() const { return s_; }

 private:
  CommitmentsStructure s_;
};

// The factory of blocks/registry.cc: reads the [commitments] table and the deals file, adds the
// amounts, the revenue and the suppliers' revenue to the scenario as quantities.
Result<std::shared_ptr<const Block>> make_commitments_block(const toml::table& table,
                                                            Scenario& scenario);

}  // namespace gpugap
