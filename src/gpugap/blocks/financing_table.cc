// The [financing] table of a scenario → a FinancingBlock, and the deals' amounts as quantities.
// Every mistake is collected, each at its place: in the scenario file, or in a data file.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "gpugap/blocks/financing.h"
#include "gpugap/blocks/financing_deals.h"
#include "gpugap/scenario/toml_place.h"
#include "gpugap/util/text.h"

namespace gpugap {

namespace {

const char* kTableKeys[] = {"deals",   "companies", "statuses", "basis",   "include",
                            "exclude", "report",    "timing",   "outside", "outside_default"};
const std::vector<std::string> kStatuses = {"announced", "signed", "paid"};
const std::vector<std::string> kBases = {"reported", "estimate"};
// Without `statuses`: signed and paid deals. An announced deal (a letter of intent, a
// non-binding announcement) is not a contract; the scenario counts it by saying so.
const std::vector<std::string> kDefaultStatuses = {"signed", "paid"};

class FinancingReader {
 public:
  FinancingReader(const toml::table& table, Scenario& scenario)
      : table_(table), scenario_(scenario) {}

  Result<std::shared_ptr<const Block>> read() {
    check_keys();
    const toml::key* deals_key = key_of("deals");
    if (deals_key == nullptr || !table_.get("deals")->is_string()) {
      diagnostics_.push_back({deals_key ? at_key(*deals_key) : SourceLocation{},
                              "[financing] needs deals = \"PATH\", the deals file",
                              "write deals = \"../data/deals.csv\" (relative to this file)"});
      return diagnostics_;
    }
    if (!read_company_list()) return diagnostics_;
    auto file = read_deals(data_path(*deals_key, *table_.get("deals")->value<std::string>()),
                           company_list_ ? &*company_list_ : nullptr);
    if (!file) {
      diagnostics_.insert(diagnostics_.end(), file.diagnostics().begin(), file.diagnostics().end());
      return diagnostics_;
    }
    deal_file_ = std::move(*file);

    statuses_ = read_choice("statuses", "status", kStatuses, "basis", kBases);
    if (!table_.get("statuses")) statuses_ = {kDefaultStatuses.begin(), kDefaultStatuses.end()};
    bases_ = read_choice("basis", "basis", kBases, "statuses", kStatuses);
    std::set<std::string> include = deal_ids("include");
    std::set<std::string> exclude = deal_ids("exclude");
    for (const Deal& deal : deal_file_.deals) {
      std::string why = why_not_counted(deal, include, exclude);
      if (!why.empty()) {
        if (left_out_by_default(deal, include, exclude)) announced_left_out_.push_back(deal.id);
        scenario_.left_out.emplace_back("deal." + deal.id, std::move(why));
        continue;
      }
      counted_.push_back(&deal);
      nodes_.insert(deal.from);
      nodes_.insert(deal.to);
    }
    std::vector<std::string> report = read_report();
    std::vector<std::pair<std::string, const toml::key*>> outside = read_outside();
    std::map<std::string, Timing> timing = read_timing();
    if (!diagnostics_.empty()) return diagnostics_;

    // The company list is final: a company's index is its place in sorted order.
    std::vector<FinancingBlock::Company> companies;
    for (const std::string& id : nodes_) {
      const Company* known = company_list_ ? company_list_->find(id) : nullptr;
      companies.push_back({id, known && !known->name.empty() ? known->name : id});
    }
    std::vector<CountedDeal> deals;
    for (const Deal* deal : counted_) {
      CountedDeal counted{deal->id,    index_of(deal->from), index_of(deal->to),
                          deal->flow,  deal->kind,           deal->status,
                          deal->basis, deal->start_year,     deal->years};
      SourceLocation when = deal->timing_where;
      if (auto t = timing.find(deal->id); t != timing.end()) {
        if (t->second.start) counted.start_year = t->second.start;
        if (t->second.years) counted.years = t->second.years;
        when = t->second.where;
      }
      check_time(*deal, counted, when);
      add_deal_quantity(*deal, counted);
      deals.push_back(std::move(counted));
    }
    std::vector<uint32_t> report_nodes, outside_nodes;
    for (const std::string& id : report) report_nodes.push_back(index_of(id));
    for (const auto& [company, key] : outside) {
      outside_nodes.push_back(index_of(company));
      add_outside_quantity(company, *key);
    }
    if (outside_from_filings()) add_filed_outside(outside, deals, outside_nodes);
    if (!diagnostics_.empty()) return diagnostics_;
    scenario_.sources.push_back(deal_file_.text);
    auto block = std::make_shared<FinancingBlock>(std::move(companies), std::move(deals),
                                                  std::move(report_nodes), std::move(outside_nodes),
                                                  scenario_.time);
    block->set_left_out_by_default_status(std::move(announced_left_out_));
    return std::shared_ptr<const Block>(std::move(block));
  }

 private:
  struct Timing {
    std::optional<int> start, years;
    SourceLocation where;
  };

  // toml++ does not copy a value's source region when a table is copied (the loader copies the
  // [financing] table to merge an extending file's keys), but keys keep theirs: so values are
  // found in the text from their key.
  const toml::key* key_of(std::string_view name) const { return gpugap::key_of(table_, name); }
  SourceLocation at_key(const toml::key& key) const { return key_location(scenario_, key); }
  // The first `needle` after `key` (on its line or the next ones, for a multi-line array).
  SourceLocation find_after(const toml::key& key, std::string_view needle) const {
    return gpugap::find_after(scenario_, key, needle);
  }

  // A string value in the text, its quotes included in the span.
  SourceLocation string_after(const toml::key& key, const std::string& value) const {
    return find_after(key, "\"" + value + "\"");
  }

  void error_at(const SourceLocation& where, std::string message, std::string hint = "") {
    diagnostics_.push_back({where, std::move(message), std::move(hint)});
  }

  // Data paths are relative to the file that wrote them (an extending file may be elsewhere).
  std::string data_path(const toml::key& key, const std::string& relative) const {
    return gpugap::data_path(scenario_, key, relative);
  }

  void check_keys() {
    std::vector<std::string> allowed(std::begin(kTableKeys), std::end(kTableKeys));
    for (auto&& [key, node] : table_) {
      std::string name(key.str());
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      std::string guess = closest_name(name, allowed);
      error_at(at_key(key), fmt::format("unknown key '{}' in [financing]", name),
               guess.empty() ? fmt::format("keys are: {}", fmt::join(allowed, ", "))
                             : fmt::format("did you mean '{}'?", guess));
    }
  }

  // False when the table names a company list that cannot be read.
  bool read_company_list() {
    const toml::key* key = key_of("companies");
    if (key == nullptr) return true;
    auto path = table_.get("companies")->value<std::string>();
    if (!path) {
      error_at(at_key(*key), "'companies' must be the path of the companies file",
               "write companies = \"../data/companies.csv\"");
      return false;
    }
    auto list = read_companies(data_path(*key, *path));
    if (!list) {
      diagnostics_.insert(diagnostics_.end(), list.diagnostics().begin(), list.diagnostics().end());
      return false;
    }
    company_list_ = std::move(*list);
    return true;
  }

  // An array of strings, each with where it is written.
  std::vector<std::pair<std::string, SourceLocation>> strings(const char* name) {
    std::vector<std::pair<std::string, SourceLocation>> out;
    const toml::key* key = key_of(name);
    if (key == nullptr) return out;
    const toml::array* array = table_.get(name)->as_array();
    if (array == nullptr) {
      error_at(at_key(*key),
               fmt::format("'{}' must be an array of strings, e.g. [\"a\", \"b\"]", name));
      return out;
    }
    for (const toml::node& item : *array) {
      if (auto s = item.value<std::string>()) {
        out.emplace_back(*s, string_after(*key, *s));
      } else {
        error_at(at_key(*key), fmt::format("'{}' must hold only strings", name));
      }
    }
    return out;
  }

  // Which values of a column count (`statuses`, `basis`): all of them unless the table says.
  // `other` are the values of the other column's key, a likely slip (statuses = ["estimate"]).
  std::set<std::string> read_choice(const char* key, const char* what,
                                    const std::vector<std::string>& allowed, const char* other_key,
                                    const std::vector<std::string>& other) {
    if (!table_.get(key)) return {allowed.begin(), allowed.end()};
    std::set<std::string> chosen;
    for (const auto& [value, where] : strings(key)) {
      if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        std::string hint;
        if (std::find(other.begin(), other.end(), value) != other.end()) {
          hint = fmt::format("'{}' belongs in {} = [...]; {} takes: {}", value, other_key, key,
                             fmt::join(allowed, ", "));
        } else if (std::string guess = closest_name(value, allowed); !guess.empty()) {
          hint = fmt::format("did you mean '{}'?", guess);
        } else {
          hint = fmt::format("{} takes: {}", key, fmt::join(allowed, ", "));
        }
        error_at(where, fmt::format("unknown deal {} '{}'", what, value), hint);
      }
      chosen.insert(value);
    }
    return chosen;
  }

  // Why the scenario does not count a deal (for the hint of a --set that names it), or "".
  std::string why_not_counted(const Deal& deal, const std::set<std::string>& include,
                              const std::set<std::string>& exclude) const {
    std::string reason;
    // A deal the scenario names in `include` counts whatever the default statuses: naming it is
    // saying so. An explicit `statuses` list is obeyed.
    const bool named = table_.get("include") && include.count(deal.id);
    if (!statuses_.count(deal.status) && !table_.get("statuses") && !named) {
      reason = fmt::format(
          "its status '{}' is not counted by default (signed and paid deals only: an announcement "
          "or letter of intent is not a contract); write statuses = [\"announced\", \"signed\", "
          "\"paid\"] or name it in include",
          deal.status);
    } else if (!statuses_.count(deal.status) && table_.get("statuses")) {
      reason = fmt::format("its status '{}' is not in the [financing] statuses", deal.status);
    } else if (!bases_.count(deal.basis)) {
      reason = fmt::format("its basis '{}' is not in the [financing] basis", deal.basis);
    } else if (table_.get("include") && !include.count(deal.id)) {
      reason = "the [financing] include list leaves it out";
    } else if (exclude.count(deal.id)) {
      reason = "the [financing] exclude list names it";
    } else {
      return "";
    }
    return fmt::format("deal '{}' is in {}, but this scenario does not count it: {}", deal.id,
                       deal_file_.text->path, reason);
  }

  // Left out only because `statuses` was not given: it would count under every status.
  bool left_out_by_default(const Deal& deal, const std::set<std::string>& include,
                           const std::set<std::string>& exclude) const {
    return !table_.get("statuses") && !statuses_.count(deal.status) && bases_.count(deal.basis) &&
           !(table_.get("include") && !include.count(deal.id)) && !exclude.count(deal.id);
  }

  std::vector<std::string> all_deal_ids() const {
    std::vector<std::string> ids;
    for (const Deal& deal : deal_file_.deals) ids.push_back(deal.id);
    return ids;
  }

  void unknown_deal(const SourceLocation& where, const std::string& id) {
    std::string guess = closest_name(id, all_deal_ids());
    error_at(where, fmt::format("no deal '{}' in {}", id, deal_file_.text->path),
             guess.empty() ? "" : fmt::format("did you mean '{}'?", guess));
  }

  std::set<std::string> deal_ids(const char* name) {
    std::set<std::string> ids;
    std::vector<std::string> known = all_deal_ids();
    for (const auto& [id, where] : strings(name)) {
      if (std::find(known.begin(), known.end(), id) == known.end()) unknown_deal(where, id);
      ids.insert(id);
    }
    return ids;
  }

  // A company is known from the company list, or else from the deals it is part of.
  bool known_company(const std::string& id) const {
    return company_list_ ? company_list_->find(id) != nullptr : nodes_.count(id) > 0;
  }

  std::string company_hint(const std::string& id) const {
    std::vector<std::string> names = company_list_
                                         ? company_list_->ids()
                                         : std::vector<std::string>(nodes_.begin(), nodes_.end());
    std::string guess = closest_name(id, names);
    if (!guess.empty()) return fmt::format("did you mean '{}'?", guess);
    return company_list_ ? fmt::format("add it to {}", company_list_->path)
                         : "a company is known by the deals it is part of";
  }

  std::vector<std::string> read_report() {
    std::vector<std::string> listed;
    for (const auto& [id, where] : strings("report")) {
      if (!known_company(id)) {
        error_at(where, fmt::format("unknown company '{}'", id), company_hint(id));
      } else if (std::find(listed.begin(), listed.end(), id) != listed.end()) {
        error_at(where, fmt::format("company '{}' is listed twice", id));
      } else {
        listed.push_back(id);
      }
    }
    nodes_.insert(listed.begin(), listed.end());
    return listed;
  }

  std::vector<std::pair<std::string, const toml::key*>> read_outside() {
    std::vector<std::pair<std::string, const toml::key*>> out;
    const toml::key* outside = key_of("outside");
    if (outside == nullptr) return out;
    const toml::table* table = table_.get("outside")->as_table();
    if (table == nullptr) {
      error_at(at_key(*outside), "'outside' must be a table of company = \"money per year\"");
      return out;
    }
    for (auto&& [key, value] : *table) {
      std::string company(key.str());
      if (!known_company(company)) {
        error_at(at_key(key), fmt::format("unknown company '{}'", company), company_hint(company));
      } else if (!value.is_string()) {
        error_at(at_key(key), fmt::format("the outside money of '{}' must be a formula string, "
                                          "e.g. \"100B\"",
                                          company));
      } else {
        nodes_.insert(company);
        out.emplace_back(company, &key);
      }
    }
    return out;
  }

  // outside_default = "filings" (the default) or "none" (no outside money but what `outside`
  // names: the largest share the deals allow).
  bool outside_from_filings() {
    const toml::key* key = key_of("outside_default");
    if (key == nullptr) return true;
    std::optional<std::string> value = table_.get("outside_default")->value<std::string>();
    if (!value || (*value != "filings" && *value != "none")) {
      error_at(at_key(*key), "outside_default must be \"filings\" or \"none\"",
               "\"filings\": each company's revenue and funding from the companies file; "
               "\"none\": only the money `outside` names");
      return false;
    }
    return *value == "filings";
  }

  // Every company of the graph that `outside` does not name gets the money its filings show
  // from outside the deals (the companies file's revenue and funding, a year): held at that level
  // in every year with [time]; for whole amounts, times the years the counted deals flow over.
  void add_filed_outside(const std::vector<std::pair<std::string, const toml::key*>>& named,
                         const std::vector<CountedDeal>& deals, std::vector<uint32_t>& nodes) {
    if (!company_list_) return;
    int first = 0, last = 0;
    for (const CountedDeal& deal : deals) {
      if (!deal.start_year) continue;
      const int end = *deal.start_year + deal.years.value_or(1) - 1;
      first = first == 0 ? *deal.start_year : std::min(first, *deal.start_year);
      last = std::max(last, end);
    }
    const int span = first > 0 ? last - first + 1 : 1;
    for (const std::string& id : nodes_) {
      auto same = [&](const auto& entry) { return entry.first == id; };
      if (std::any_of(named.begin(), named.end(), same)) continue;
      const Company* company = company_list_->find(id);
      if (company == nullptr || (company->revenue.empty() && company->funding.empty())) continue;
      nodes.push_back(index_of(id));
      const std::string name = "financing.outside." + id;
      if (scenario_.find(name) != nullptr) continue;  // restated in [quantities]
      const std::string& revenue = company->revenue;
      std::string per_year = revenue.empty()            ? company->funding
                             : company->funding.empty() ? revenue
                                                        : revenue + " + " + company->funding;
      QuantityDef q;
      q.name = name;
      q.text =
          scenario_.time
              ? per_year
              : (company->funding.empty() || revenue.empty() ? per_year : "(" + per_year + ")") +
                    fmt::format(" * {}", span);
      if (!revenue.empty()) q.origin = company->revenue_origin;
      q.unit = scenario_.time ? "USD/yr" : "USD";
      q.unit_location = company->where;
      q.source = fmt::format("{} ({}; {})", company->source_url, company->source_date,
                             company->source_kind);
      std::string what = revenue.empty()            ? "funding"
                         : company->funding.empty() ? "revenue"
                                                    : "revenue and funding";
      q.note = fmt::format(
          "default: {}'s {} of {} ({}), money from outside the counted deals, {}; it dilutes "
          "what the deals bring it in what it pays on. Override with outside = {{ {} = \"…\" }}, "
          "or outside_default = \"none\" for the largest share the deals allow",
          company->name, what, company->revenue_period, per_year,
          scenario_.time ? "held at that level every year"
          : first > 0    ? fmt::format("a year, times {} years ({}..{}, the years the counted "
                                          "deals flow over)",
                                       span, first, last)
                         : std::string("one year's worth (no counted deal says when it flows)"),
          id);
      q.name_location = company->where;
      q.defined_in = company_list_->path;
      scenario_.quantities.push_back(std::move(q));
    }
  }

  std::map<std::string, Timing> read_timing() {
    std::map<std::string, Timing> timing;
    const toml::key* key = key_of("timing");
    if (key == nullptr) return timing;
    const toml::table* table = table_.get("timing")->as_table();
    if (table == nullptr) {
      error_at(at_key(*key), "'timing' must be a table of deal = { start = YEAR, years = N }");
      return timing;
    }
    std::vector<std::string> known = all_deal_ids();
    for (auto&& [deal, value] : *table) {
      std::string id(deal.str());
      if (std::find(known.begin(), known.end(), id) == known.end()) {
        unknown_deal(at_key(deal), id);
        continue;
      }
      const toml::table* fields = value.as_table();
      Timing entry;
      entry.where = at_key(deal);
      bool ok = fields != nullptr;
      if (fields) {
        for (auto&& [field, v] : *fields) {
          auto n = v.value_exact<int64_t>();
          if (field.str() == "start" && n && *n >= 1900 && *n <= 2200) {
            entry.start = static_cast<int>(*n);
          } else if (field.str() == "years" && n && *n >= 1 && *n <= 100) {
            entry.years = static_cast<int>(*n);
          } else {
            ok = false;
          }
        }
      }
      if (!ok) {
        error_at(at_key(deal),
                 fmt::format("the timing of '{}' must be {{ start = YEAR, years = N }}", id),
                 "either key may be left out to keep the deals file's value");
        continue;
      }
      timing[id] = entry;
    }
    return timing;
  }

  uint32_t index_of(const std::string& company) const {
    return static_cast<uint32_t>(std::distance(nodes_.begin(), nodes_.find(company)));
  }

  // With [time], a deal must say when its money flows, within the scenario's years.
  void check_time(const Deal& deal, const CountedDeal& counted, const SourceLocation& where) {
    if (!scenario_.time) return;
    const TimeAxis& time = *scenario_.time;
    if (!counted.start_year || !counted.years) {
      error_at(
          where,
          fmt::format("deal '{}' has no {} in {}: the scenario's [time] needs to know when "
                      "its money flows",
                      deal.id, counted.start_year ? "years" : "start_year", deal_file_.text->path),
          fmt::format("give it in [financing.timing], e.g. {} = {{ start = {}, years = 4 "
                      "}}, or exclude the deal",
                      deal.id, counted.start_year.value_or(time.first_year)));
      return;
    }
    const int last = *counted.start_year + *counted.years - 1;
    if (*counted.start_year < time.first_year || last > time.last_year) {
      error_at(where,
               fmt::format("deal '{}' flows {}..{}, outside the scenario's years {}..{}", deal.id,
                           *counted.start_year, last, time.first_year, time.last_year),
               "widen [time], change the deal's timing in [financing.timing], or exclude it");
    }
  }

  void add_deal_quantity(const Deal& deal, const CountedDeal& counted) {
    const std::string name = "deal." + deal.id;
    std::string when =
        counted.start_year && counted.years
            ? fmt::format("{}..{}", *counted.start_year, *counted.start_year + *counted.years - 1)
            : "timing not reported";
    std::string note = fmt::format("{} → {}, {}, {}, amount {}, {}; {}", deal.from, deal.to,
                                   deal.kind, deal.status, deal.basis, when, deal.note);
    std::string source = fmt::format("{} ({})", deal.source_url, deal.source_date);
    if (QuantityDef* existing = scenario_.find(name)) {
      // The scenario restates the amount (a later figure): its value wins, the deal's record
      // fills what it leaves out.
      if (existing->unit.empty()) existing->unit = "USD";
      if (existing->source.empty()) existing->source = source;
      if (existing->note.empty()) existing->note = note;
      return;
    }
    QuantityDef q;
    q.name = name;
    q.text = deal.amount;
    q.origin = deal.amount_origin;
    q.unit = "USD";
    q.unit_location = deal.where;
    q.source = source;
    q.note = note;
    q.name_location = deal.where;
    q.defined_in = deal_file_.text->path;
    scenario_.quantities.push_back(std::move(q));
  }

  void add_outside_quantity(const std::string& company, const toml::key& key) {
    const std::string name = "financing.outside." + company;
    if (scenario_.find(name) != nullptr) return;
    const toml::table& outside = *table_.get("outside")->as_table();
    QuantityDef q;
    q.name = name;
    q.text = *outside.get(key.str())->value<std::string>();
    SourceLocation value = find_after(key, "\"");
    q.origin = {value.source, value.line, value.column + 1};
    q.unit = scenario_.time ? "USD/yr" : "USD";
    q.unit_location = at_key(key);
    q.note = fmt::format(
        "money {} receives from outside the counted deals (end customers, other investors); it "
        "dilutes the circle's money in what {} pays on",
        company, company);
    q.name_location = at_key(key);
    q.defined_in = q.name_location.source ? q.name_location.source->path : scenario_.path;
    scenario_.quantities.push_back(std::move(q));
  }

  const toml::table& table_;
  Scenario& scenario_;
  std::vector<Diagnostic> diagnostics_;
  std::optional<CompanyList> company_list_;
  DealFile deal_file_;
  std::set<std::string> statuses_;
  std::vector<std::string> announced_left_out_;
  std::set<std::string> bases_;
  std::vector<const Deal*> counted_;
  std::set<std::string> nodes_;  // the graph's companies, sorted: their order is their index
};

}  // namespace

Result<std::shared_ptr<const Block>> make_financing_block(const toml::table& table,
                                                          Scenario& scenario) {
  return FinancingReader(table, scenario).read();
}

}  // namespace gpugap
