#include "gpugap/blocks/financing_deals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/util/csv.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {

const char* kKinds[] = {"equity", "loan", "purchase", "cloud_contract", "revenue"};
const char* kStatuses[] = {"announced", "signed", "paid"};
const char* kBases[] = {"reported", "estimate"};

template <size_t N>
bool one_of(const std::string& value, const char* (&allowed)[N]) {
  return std::find(std::begin(allowed), std::end(allowed), value) != std::end(allowed);
}

template <size_t N>
std::string list(const char* (&allowed)[N]) {
  return fmt::format("{}", fmt::join(std::begin(allowed), std::end(allowed), ", "));
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::optional<int> parse_int(std::string_view s) {
  int value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto month = parse_int(s.substr(5, 2)), day = parse_int(s.substr(8, 2));
  return parse_int(s.substr(0, 4)) && month && day && *month >= 1 && *month <= 12 && *day >= 1 &&
         *day <= 31;
}

// The 1-based column where each field of a CSV line starts (quotes respected). Only for
// pointing at a field in a diagnostic: the values themselves come from the CSV library.
std::vector<int> field_columns(std::string_view line) {
  std::vector<int> columns{1};
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ',' && !quoted) columns.push_back(static_cast<int>(i) + 2);
  }
  return columns;
}

// A data file read whole: its text for diagnostics, and its header's column positions.
class DataFile {
 public:
  static Result<DataFile> open(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Diagnostic{{},
                        fmt::format("cannot open {} file '{}'", what, path),
                        "the path is relative to the scenario file that names it"};
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    DataFile file;
    file.contents_ = buffer.str();
    file.text_ = SourceText::from_string(path, file.contents_);
    return file;
  }

  const std::shared_ptr<const SourceText>& text() const { return text_; }
  // The file as read, for the CSV parser (which then need not read it again).
  const std::string& contents() const { return contents_; }

  // The CSV library's diagnostics, pointed into this file's text so that they show the line.
  std::vector<Diagnostic> located(std::vector<Diagnostic> diagnostics) const {
    for (Diagnostic& d : diagnostics) {
      if (d.where.line > 0) d.where.source = text_;
    }
    return diagnostics;
  }

  void set_header(const CsvTable& table) {
    std::vector<std::string> header;
    std::string_view line = text_->lines.empty() ? std::string_view() : text_->lines[0];
    std::vector<int> starts = field_columns(line);
    for (size_t i = 0; i < starts.size(); ++i) {
      size_t begin = static_cast<size_t>(starts[i] - 1);
      size_t end = i + 1 < starts.size() ? static_cast<size_t>(starts[i + 1] - 2) : line.size();
      header.emplace_back(trim(line.substr(begin, end - begin)));
    }
    for (const std::string& name : table.columns) {
      auto it = std::find(header.begin(), header.end(), name);
      field_index_[name] = static_cast<size_t>(it - header.begin());
    }
  }

  // Where field `name` of the row at `line` starts, spanning `length` characters.
  SourceLocation at(int line, const std::string& name, size_t length = 1) const {
    int column = 1;
    if (line >= 1 && line <= static_cast<int>(text_->lines.size())) {
      std::vector<int> starts = field_columns(text_->lines[line - 1]);
      size_t index = field_index_.at(name);
      if (index < starts.size()) column = starts[index];
    }
    return {text_, line, column, static_cast<int>(std::max<size_t>(length, 1))};
  }
  SourceLocation row(int line) const {
    int length = line >= 1 && line <= static_cast<int>(text_->lines.size())
                     ? static_cast<int>(text_->lines[line - 1].size())
                     : 1;
    return {text_, line, 1, length};
  }

 private:
  std::shared_ptr<const SourceText> text_;
  std::string contents_;
  std::map<std::string, size_t> field_index_;
};

// How to write an amount: the hint of every amount error ("$5B" and "5B USD" are the usual slips).
constexpr const char* kAmountHint =
    "write the total as a number of US dollars with k, M, B or T, e.g. 300B, or a range 150B to "
    "158B; amounts are in USD, so no $ sign or currency name";

// An amount is a number of dollars ("300B") or a 90% interval of two ("150B to 158B"), never
// negative.
void check_amount(const Deal& deal, const DataFile& file, int line,
                  std::vector<Diagnostic>& diagnostics) {
  auto where = [&] { return file.at(line, "amount", deal.amount.size()); };
  if (trim(deal.amount).empty()) {
    diagnostics.push_back({where(), fmt::format("deal '{}' has no amount", deal.id), kAmountHint});
    return;
  }
  auto parsed = parse_formula(deal.amount, deal.amount_origin);
  if (!parsed) {
    // The parser's place and words ("unexpected character '$'"), with a hint about amounts
    // rather than formulas.
    for (Diagnostic d : parsed.diagnostics()) {
      d.message =
          fmt::format("the amount of deal '{}' is not a number of dollars: {}", deal.id, d.message);
      d.hint = kAmountHint;
      diagnostics.push_back(std::move(d));
    }
    return;
  }
  const Expr& e = **parsed;
  std::vector<const Expr*> ends{&e};
  if (e.kind == ExprKind::kBinary && e.op == Operator::kTo) {
    ends = {e.args[0].get(), e.args[1].get()};
  }
  for (const Expr* end : ends) {
    auto value = is_constant(*end) && !end->percent ? constant_value(*end) : std::nullopt;
    if (!value) {
      diagnostics.push_back(
          {where(), fmt::format("the amount of deal '{}' is not a number of dollars", deal.id),
           kAmountHint});
      return;
    }
    if (*value < 0) {
      diagnostics.push_back(
          {where(), fmt::format("deal '{}' has a negative amount, {}", deal.id, deal.amount),
           "a deal's amount is what `from` pays `to`; for money the other way, swap from and "
           "to"});
      return;
    }
  }
}

}  // namespace

const Company* CompanyList::find(const std::string& id) const {
  for (const Company& c : companies) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<std::string> CompanyList::ids() const {
  std::vector<std::string> out;
  for (const Company& c : companies) out.push_back(c.id);
  return out;
}

Result<DealFile> read_deals(const std::string& path, const CompanyList* companies) {
  auto file = DataFile::open(path, "deals");
  if (!file) return file.diagnostics();
  auto table = parse_csv(path, file->contents(), "id", "from", "to", "kind", "amount", "start_year",
                         "years", "status", "basis", "source_url", "source_date", "note");
  if (!table) return file->located(table.diagnostics());
  file->set_header(*table);

  DealFile out;
  out.text = file->text();
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, int> first_line;
  for (const CsvRow& row : table->rows) {
    auto field = [&](const char* name) { return std::string(trim(table->get(row, name))); };
    auto at = [&](const char* name, size_t length) { return file->at(row.line, name, length); };
    Deal deal;
    deal.id = field("id");
    deal.from = field("from");
    deal.to = field("to");
    deal.kind = field("kind");
    deal.amount = table->get(row, "amount");
    SourceLocation amount_at = at("amount", 1);
    deal.amount_origin = {file->text(), amount_at.line, amount_at.column};
    // A quoted amount starts one column later.
    if (amount_at.line >= 1 &&
        static_cast<size_t>(amount_at.column) <= file->text()->lines[amount_at.line - 1].size() &&
        file->text()->lines[amount_at.line - 1][amount_at.column - 1] == '"') {
      ++deal.amount_origin.column;
    }
    deal.status = field("status");
    deal.basis = field("basis");
    deal.source_url = field("source_url");
    deal.source_date = field("source_date");
    deal.note = field("note");
    deal.where = file->row(row.line);
    size_t before = diagnostics.size();

    if (!is_identifier(deal.id)) {
      diagnostics.push_back(
          {at("id", deal.id.size()),
           fmt::format("deal id '{}' is not a lowercase snake_case name", deal.id),
           "ids are like openai_oracle: lowercase letters, digits and _"});
    } else if (auto seen = first_line.find(deal.id); seen != first_line.end()) {
      diagnostics.push_back({at("id", deal.id.size()),
                             fmt::format("deal id '{}' is used twice", deal.id),
                             fmt::format("its first row is line {}", seen->second)});
    } else {
      first_line[deal.id] = row.line;
    }
    for (const char* end : {"from", "to"}) {
      std::string company = field(end);
      if (!is_identifier(company)) {
        diagnostics.push_back({at(end, company.size()),
                               fmt::format("deal '{}': '{}' is not a company id", deal.id, company),
                               "company ids are lowercase snake_case, as in data/companies.csv"});
      } else if (companies && !companies->find(company)) {
        std::string guess = closest_name(company, companies->ids());
        diagnostics.push_back({at(end, company.size()),
                               fmt::format("deal '{}' names company '{}', which is not in {}",
                                           deal.id, company, companies->path),
                               guess.empty() ? fmt::format("add it to {}", companies->path)
                                             : fmt::format("did you mean '{}'?", guess)});
      }
    }
    if (!deal.from.empty() && deal.from == deal.to) {
      diagnostics.push_back({at("to", deal.to.size()),
                             fmt::format("deal '{}' goes from '{}' to itself", deal.id, deal.from),
                             ""});
    }
    if (!one_of(deal.kind, kKinds)) {
      diagnostics.push_back({at("kind", deal.kind.size()),
                             fmt::format("deal '{}' has an unknown kind '{}'", deal.id, deal.kind),
                             fmt::format("kinds are: {}", list(kKinds))});
    }
    deal.flow =
        deal.kind == "equity" || deal.kind == "loan" ? FlowKind::kInvestment : FlowKind::kPayment;
    if (!one_of(deal.status, kStatuses)) {
      diagnostics.push_back(
          {at("status", deal.status.size()),
           fmt::format("deal '{}' has an unknown status '{}'", deal.id, deal.status),
           one_of(deal.status, kBases)
               ? fmt::format("'{}' is a basis (the basis column): the status says where the deal "
                             "stands, one of {}",
                             deal.status, list(kStatuses))
               : fmt::format("statuses are: {}", list(kStatuses))});
    }
    if (!one_of(deal.basis, kBases)) {
      diagnostics.push_back(
          {at("basis", deal.basis.size()),
           fmt::format("deal '{}' has an unknown basis '{}'", deal.id, deal.basis),
           fmt::format("the basis says where the amount comes from: reported (a figure the source "
                       "gives) or estimate (ours; the note says how it is built)")});
    }
    check_amount(deal, *file, row.line, diagnostics);
    deal.timing_where = at("start_year", field("start_year").size() + 1 + field("years").size());
    if (std::string text = field("start_year"); !text.empty()) {
      deal.start_year = parse_int(text);
      if (!deal.start_year || *deal.start_year < 1900 || *deal.start_year > 2200) {
        diagnostics.push_back(
            {at("start_year", text.size()),
             fmt::format("deal '{}': start_year '{}' is not a year", deal.id, text),
             "write a year such as 2026, or leave it empty when it is not reported"});
      }
    }
    if (std::string text = field("years"); !text.empty()) {
      deal.years = parse_int(text);
      if (!deal.years || *deal.years < 1 || *deal.years > 100) {
        diagnostics.push_back(
            {at("years", text.size()),
             fmt::format("deal '{}': years '{}' is not a number of years", deal.id, text),
             "write how many years the money flows over, e.g. 5, or leave it empty"});
      }
    }
    if (deal.source_url.empty() || deal.source_date.empty()) {
      const char* missing = deal.source_url.empty() ? "source_url" : "source_date";
      diagnostics.push_back({at(missing, 1), fmt::format("deal '{}' has no {}", deal.id, missing),
                             "every row needs the page it rests on and that page's date "
                             "(data/README-deals.md)"});
    } else if (!is_date(deal.source_date)) {
      diagnostics.push_back(
          {at("source_date", deal.source_date.size()),
           fmt::format("deal '{}': source_date '{}' is not a date", deal.id, deal.source_date),
           "write YYYY-MM-DD"});
    }
    if (diagnostics.size() == before) out.deals.push_back(std::move(deal));
  }
  if (!diagnostics.empty()) return diagnostics;
  return out;
}

Result<CompanyList> read_companies(const std::string& path) {
  auto file = DataFile::open(path, "companies");
  if (!file) return file.diagnostics();
  // The money columns are optional: a list of ids and names is a company list too.
  const std::string_view header =
      file->text()->lines.empty() ? std::string_view() : file->text()->lines[0];
  const bool money =
      field_columns(header).size() > 3 && header.find("revenue_usd") != std::string_view::npos;
  auto table =
      money ? parse_csv(path, file->contents(), "id", "name", "role", "revenue_usd",
                        "revenue_period", "funding_usd", "source_url", "source_date", "source_kind")
            : parse_csv(path, file->contents(), "id", "name", "role");
  if (!table) return file->located(table.diagnostics());
  file->set_header(*table);
  std::vector<Company> companies;
  std::vector<Diagnostic> diagnostics;
  for (const CsvRow& row : table->rows) {
    Company c;
    c.id = trim(table->get(row, "id"));
    c.name = trim(table->get(row, "name"));
    c.role = trim(table->get(row, "role"));
    c.where = file->row(row.line);
    if (money) {
      auto field = [&](const char* name) { return std::string(trim(table->get(row, name))); };
      c.revenue = field("revenue_usd");
      c.revenue_period = field("revenue_period");
      c.funding = field("funding_usd");
      c.source_url = field("source_url");
      c.source_date = field("source_date");
      c.source_kind = field("source_kind");
      SourceLocation at = file->at(row.line, "revenue_usd", std::max<size_t>(c.revenue.size(), 1));
      c.revenue_origin = {file->text(), at.line, at.column};
      if ((!c.revenue.empty() || !c.funding.empty()) && c.source_url.empty()) {
        diagnostics.push_back(
            {at, fmt::format("company '{}': revenue or funding without a source_url", c.id),
             "every figure names the page it rests on (data/README-deals.md)"});
        continue;
      }
    }
    if (!is_identifier(c.id)) {
      diagnostics.push_back(
          {file->at(row.line, "id", c.id.size()),
           fmt::format("company id '{}' is not a lowercase snake_case name", c.id),
           "ids are like openai: lowercase letters, digits and _"});
      continue;
    }
    auto same = [&](const Company& o) { return o.id == c.id; };
    if (std::any_of(companies.begin(), companies.end(), same)) {
      diagnostics.push_back({file->at(row.line, "id", c.id.size()),
                             fmt::format("company id '{}' is listed twice", c.id), ""});
      continue;
    }
    companies.push_back(std::move(c));
  }
  if (!diagnostics.empty()) return diagnostics;
  return CompanyList{path, std::move(companies)};
}

}  // namespace gpugap
