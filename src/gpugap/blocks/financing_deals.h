// Deals as data: data/deals.csv, one flow of money between two companies a row (columns in
// data/README-deals.md), and data/companies.csv, the companies a deal may name. Reading checks
// every row and reports each mistake at its `file:line:col`; nothing is evaluated here (an
// amount stays formula text, "300B" or "150B to 158B", for the compiler).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpugap/blocks/financing_graph.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

struct Deal {
  std::string id;
  std::string from, to;  // company ids: `from` pays, `to` receives
  std::string kind;      // equity, loan, purchase, cloud_contract, revenue
  FlowKind flow = FlowKind::kPayment;
  std::string amount;  // USD over the deal's life, as written
  TextOrigin amount_origin;
  std::optional<int> start_year;
  std::optional<int> years;     // how many years the money flows over
  SourceLocation timing_where;  // the start_year and years fields
  std::string status;           // announced, signed, paid: where the deal stands
  std::string basis;            // reported, estimate: where the amount comes from
  std::string source_url, source_date, note;
  SourceLocation where;  // the row
};

struct Company {
  std::string id;
  std::string name;
  std::string role;
  SourceLocation where;
  // Money from outside the deals, a year, from the company's filings (optional columns
  // revenue_usd, revenue_period, funding_usd, source_url, source_date, source_kind): amounts as
  // written ("57.4B"), empty when no source was found. The financing block gives it to the
  // company as `outside` money by default.
  std::string revenue, revenue_period, funding, source_url, source_date, source_kind;
  TextOrigin revenue_origin;
};

struct CompanyList {
  std::string path;
  std::vector<Company> companies;

  const Company* find(const std::string& id) const;
  std::vector<std::string> ids() const;
};

// A deals file: its text (diagnostics and the deals' amounts point into it) and its rows.
struct DealFile {
  std::shared_ptr<const SourceText> text;
  std::vector<Deal> deals;
};

// Reads and checks a deals file; with a company list, every company a deal names must be on it.
Result<DealFile> read_deals(const std::string& path, const CompanyList* companies);
Result<CompanyList> read_companies(const std::string& path);

}  // namespace gpugap
