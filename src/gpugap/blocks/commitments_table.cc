// The [commitments] table of a scenario → a CommitmentsBlock, and its inputs as quantities. Every
// mistake is collected, each at its place in the scenario file or the deals file.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "gpugap/blocks/commitments.h"
#include "gpugap/blocks/financing_deals.h"
#include "gpugap/scenario/toml_place.h"
#include "gpugap/util/text.h"

namespace gpugap {

namespace {

const std::vector<std::string> kTableKeys = {"deals",   "company", "kinds",    "statuses",
                                             "include", "exclude", "profile",  "timing",
                                             "stated",  "revenue", "suppliers"};
const std::vector<std::string> kDefaultKinds = {"cloud_contract", "purchase"};

class CommitmentsReader {
 public:
  CommitmentsReader(const toml::table& table, Scenario& scenario)
      : table_(table), scenario_(scenario) {}

  Result<std::shared_ptr<const Block>> read() {
    check_keys();
    if (!scenario_.time) {
      error_at(where_table(), "[commitments] needs [time]: payments are a yearly series",
               "add [time] years = \"2025..2032\"");
    }
    const toml::key* deals_key = key_of("deals");
    const toml::key* company_key = key_of("company");
    const toml::key* revenue_key = key_of("revenue");
    if (company_key == nullptr || !table_.get("company")->is_string()) {
      error_at(company_key ? at_key(*company_key) : where_table(),
               "[commitments] needs company = \"ID\", the company that pays",
               "e.g. company = \"openai\"");
    }
    if (revenue_key == nullptr || !table_.get("revenue")->is_string()) {
      error_at(revenue_key ? at_key(*revenue_key) : where_table(),
               "[commitments] needs revenue = \"FORMULA\", the company's revenue in USD/yr",
               "e.g. revenue = \"growth(13.1B, 50%)\" or the name of a quantity");
    }
    if (deals_key != nullptr && !table_.get("deals")->is_string()) {
      error_at(at_key(*deals_key), "'deals' must be the path of the deals file",
               "write deals = \"../data/deals.csv\" (relative to this file)");
    }
    if (!diagnostics_.empty()) return diagnostics_;
    s_.company = *table_.get("company")->value<std::string>();
    s_.first_year = scenario_.time->first_year;
    s_.years = scenario_.time->size();
    default_profile_ = read_profile(table_.get("profile"), key_of("profile"));

    if (deals_key != nullptr) {
      auto file =
          read_deals(data_path(*deals_key, *table_.get("deals")->value<std::string>()), nullptr);
      if (!file) return file.diagnostics();
      deal_file_ = std::move(*file);
      read_file_deals();
    }
    read_stated();
    if (s_.commitments.empty() && diagnostics_.empty()) {
      error_at(where_table(), fmt::format("[commitments] counts no commitment of '{}'", s_.company),
               "name its deals in the deals file (from = the company) or state them in "
               "[commitments.stated]");
    }
    read_suppliers();
    if (!diagnostics_.empty()) return diagnostics_;

    // Suppliers are indexed in sorted order.
    std::sort(s_.suppliers.begin(), s_.suppliers.end());
    for (size_t c = 0; c < s_.commitments.size(); ++c) {
      s_.commitments[c].supplier = index_of(supplier_of_[c]);
    }
    for (const auto& [supplier, key] : supplier_keys_) {
      s_.supplier_revenue.push_back(index_of(supplier));
      add_formula_quantity(
          "commitments.supplier_revenue." + supplier, *key,
          *table_.get("suppliers")->as_table()->get(key->str())->value<std::string>(),
          fmt::format("{}'s revenue, against which its dependence on {} is "
                      "measured",
                      supplier, s_.company));
    }
    add_formula_quantity("commitments.revenue", *revenue_key,
                         *table_.get("revenue")->value<std::string>(),
                         fmt::format("{}'s revenue, all of it counted as available for the "
                                     "commitments (so the funding need is a floor)",
                                     s_.company));
    if (deal_file_.text) scenario_.sources.push_back(deal_file_.text);
    return std::shared_ptr<const Block>(std::make_shared<CommitmentsBlock>(std::move(s_)));
  }

 private:
  struct Timing {
    std::optional<int> start, years;
    std::optional<PaymentProfile> profile;
  };

  const toml::key* key_of(std::string_view name, const toml::table* in = nullptr) const {
    return gpugap::key_of(in ? *in : table_, name);
  }
  SourceLocation at_key(const toml::key& key) const { return key_location(scenario_, key); }

  SourceLocation where_table() const {
    const auto& source = table_.source();
    std::string path = source.path ? *source.path : scenario_.path;
    return scenario_.locate(path, static_cast<int>(source.begin.line),
                            static_cast<int>(source.begin.column));
  }

  void error_at(const SourceLocation& where, std::string message, std::string hint = "") {
    diagnostics_.push_back({where, std::move(message), std::move(hint)});
  }

  std::string data_path(const toml::key& key, const std::string& relative) const {
    return gpugap::data_path(scenario_, key, relative);
  }

  void check_keys() {
    for (auto&& [key, node] : table_) {
      std::string name(key.str());
      if (std::find(kTableKeys.begin(), kTableKeys.end(), name) != kTableKeys.end()) continue;
      std::string guess = closest_name(name, kTableKeys);
      error_at(at_key(key), fmt::format("unknown key '{}' in [commitments]", name),
               guess.empty() ? fmt::format("keys are: {}", fmt::join(kTableKeys, ", "))
                             : fmt::format("did you mean '{}'?", guess));
    }
  }

  std::optional<PaymentProfile> read_profile(const toml::node* node, const toml::key* key) {
    if (node == nullptr) return std::nullopt;
    PaymentProfile profile;
    auto text = node->value<std::string>();
    if (!text || !parse_payment_profile(*text, profile)) {
      error_at(key ? at_key(*key) : where_table(), "a profile is \"flat\" or \"ramp\"",
               "flat: equal parts each year; ramp: rising in a straight line");
      return std::nullopt;
    }
    return profile;
  }

  std::set<std::string> strings(const char* name) {
    std::set<std::string> out;
    const toml::node* node = table_.get(name);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    bool ok = array != nullptr;
    if (array) {
      for (const toml::node& item : *array) {
        if (auto s = item.value<std::string>()) {
          out.insert(*s);
        } else {
          ok = false;
        }
      }
    }
    if (!ok) error_at(at_key(*key_of(name)), fmt::format("'{}' must be an array of strings", name));
    return out;
  }

  // { start = YEAR, years = N, profile = "flat" }, each key optional; `to` and `amount` are the
  // caller's (a stated commitment's).
  Timing read_timing(const toml::table& fields, const toml::key& key, const std::string& id,
                     bool stated) {
    Timing t;
    for (auto&& [field, v] : fields) {
      const std::string f(field.str());
      auto n = v.value_exact<int64_t>();
      if (f == "start" && n && *n >= 1900 && *n <= 2200) {
        t.start = static_cast<int>(*n);
      } else if (f == "years" && n && *n >= 1 && *n <= 100) {
        t.years = static_cast<int>(*n);
      } else if (f == "profile") {
        t.profile = read_profile(&v, &field);
      } else if (!(stated && (f == "to" || f == "amount"))) {
        error_at(at_key(field),
                 fmt::format("the timing of '{}' takes start = YEAR, years = N and profile = "
                             "\"flat\" or \"ramp\"{}",
                             id, stated ? ", with to and amount" : ""));
      }
    }
    (void)key;
    return t;
  }

  // The deals of the file that the company pays, after the table's choices.
  void read_file_deals() {
    std::set<std::string> kinds(kDefaultKinds.begin(), kDefaultKinds.end());
    if (table_.get("kinds")) kinds = strings("kinds");
    std::set<std::string> statuses = strings("statuses");
    std::set<std::string> include = strings("include");
    std::set<std::string> exclude = strings("exclude");
    std::set<std::string> known;
    for (const Deal& deal : deal_file_.deals) known.insert(deal.id);
    for (const char* list : {"include", "exclude"}) {
      for (const std::string& id : strings(list)) {
        if (!known.count(id)) {
          std::string guess = closest_name(id, {known.begin(), known.end()});
          error_at(at_key(*key_of(list)),
                   fmt::format("no deal '{}' in {}", id, deal_file_.text->path),
                   guess.empty() ? "" : fmt::format("did you mean '{}'?", guess));
        }
      }
    }
    std::map<std::string, std::pair<Timing, const toml::key*>> timing;
    if (const toml::key* key = key_of("timing")) {
      const toml::table* table = table_.get("timing")->as_table();
      if (table == nullptr) {
        error_at(at_key(*key), "'timing' must be a table of deal = { start, years, profile }");
      } else {
        for (auto&& [deal, value] : *table) {
          const std::string id(deal.str());
          if (!known.count(id)) {
            error_at(at_key(deal), fmt::format("no deal '{}' in {}", id, deal_file_.text->path));
          } else if (const toml::table* fields = value.as_table()) {
            timing[id] = {read_timing(*fields, deal, id, false), &deal};
          } else {
            error_at(at_key(deal), fmt::format("the timing of '{}' must be a table", id));
          }
        }
      }
    }
    for (const Deal& deal : deal_file_.deals) {
      if (deal.from != s_.company) continue;
      if (!include.empty() ? !include.count(deal.id)
                           : (!kinds.count(deal.kind) || exclude.count(deal.id) ||
                              (!statuses.empty() && !statuses.count(deal.status)))) {
        continue;
      }
      Commitment c;
      c.id = deal.id;
      c.input = "deal." + deal.id;
      std::optional<int> start = deal.start_year, years = deal.years;
      PaymentProfile profile = default_profile_.value_or(PaymentProfile::kFlat);
      SourceLocation where = deal.timing_where;
      if (auto t = timing.find(deal.id); t != timing.end()) {
        if (t->second.first.start) start = t->second.first.start;
        if (t->second.first.years) years = t->second.first.years;
        if (t->second.first.profile) profile = *t->second.first.profile;
        where = at_key(*t->second.second);
      }
      if (!place(c, start, years, profile, where)) continue;
      add_deal_quantity(deal, c);
      add_commitment(std::move(c), deal.to);
    }
  }

  // Start and length inside the time axis; false (with an error) otherwise.
  bool place(Commitment& c, std::optional<int> start, std::optional<int> years,
             PaymentProfile profile, const SourceLocation& where) {
    if (!start || !years) {
      error_at(where,
               fmt::format("commitment '{}' has no {}: its payments cannot be placed in years",
                           c.id, start ? "years" : "start year"),
               fmt::format("give it in [commitments.timing], e.g. {} = {{ start = {}, years = "
                           "4 }}, or exclude it",
                           c.id, start.value_or(s_.first_year)));
      return false;
    }
    const int last = *start + *years - 1;
    const int axis_last = s_.first_year + s_.years - 1;
    if (*start < s_.first_year || last > axis_last) {
      error_at(where,
               fmt::format("commitment '{}' is paid {}..{}, outside the scenario's years {}..{}",
                           c.id, *start, last, s_.first_year, axis_last),
               "widen [time], or change its timing in [commitments.timing]");
      return false;
    }
    c.start_year = *start;
    c.years = *years;
    c.profile = profile;
    return true;
  }

  void add_commitment(Commitment c, const std::string& supplier) {
    if (std::find(s_.suppliers.begin(), s_.suppliers.end(), supplier) == s_.suppliers.end()) {
      s_.suppliers.push_back(supplier);
    }
    supplier_of_.push_back(supplier);
    s_.commitments.push_back(std::move(c));
  }

  // [commitments.stated]: id = { to = "nvidia", amount = "FORMULA", start, years, profile }.
  void read_stated() {
    const toml::key* key = key_of("stated");
    if (key == nullptr) return;
    const toml::table* table = table_.get("stated")->as_table();
    if (table == nullptr) {
      error_at(at_key(*key), "'stated' must be a table of id = { to, amount, start, years }");
      return;
    }
    for (auto&& [name, value] : *table) {
      const std::string id(name.str());
      const toml::table* fields = value.as_table();
      auto to = fields ? fields->get("to") : nullptr;
      auto amount = fields ? fields->get("amount") : nullptr;
      if (!fields || !to || !to->is_string() || !amount || !amount->is_string()) {
        error_at(at_key(name),
                 fmt::format("the stated commitment '{}' needs to = \"SUPPLIER\" and amount = "
                             "\"FORMULA\" (USD)",
                             id),
                 "with start = YEAR, years = N and optionally profile = \"ramp\"");
        continue;
      }
      Timing t = read_timing(*fields, name, id, true);
      Commitment c;
      c.id = id;
      c.input = "commitments." + id;
      if (!place(c, t.start, t.years,
                 t.profile.value_or(default_profile_.value_or(PaymentProfile::kFlat)),
                 at_key(name))) {
        continue;
      }
      add_formula_quantity(c.input, *key_of("amount", fields), *amount->value<std::string>(),
                           fmt::format("a commitment of {} to {} stated by the scenario, paid "
                                       "{}..{} ({})",
                                       s_.company, *to->value<std::string>(), c.start_year,
                                       c.start_year + c.years - 1, payment_profile_name(c.profile)),
                           "USD");
      add_commitment(std::move(c), *to->value<std::string>());
    }
  }

  void read_suppliers() {
    const toml::key* key = key_of("suppliers");
    if (key == nullptr) return;
    const toml::table* table = table_.get("suppliers")->as_table();
    if (table == nullptr) {
      error_at(at_key(*key), "'suppliers' must be a table of supplier = \"revenue per year\"");
      return;
    }
    for (auto&& [name, value] : *table) {
      const std::string supplier(name.str());
      if (std::find(s_.suppliers.begin(), s_.suppliers.end(), supplier) == s_.suppliers.end()) {
        std::string guess = closest_name(supplier, s_.suppliers);
        error_at(
            at_key(name),
            fmt::format("'{}' is no supplier of {}'s counted commitments", supplier, s_.company),
            guess.empty() ? fmt::format("suppliers are: {}", fmt::join(s_.suppliers, ", "))
                          : fmt::format("did you mean '{}'?", guess));
      } else if (!value.is_string()) {
        error_at(at_key(name), fmt::format("the revenue of '{}' must be a formula string, e.g. "
                                           "\"57.4B\" (USD/yr)",
                                           supplier));
      } else {
        supplier_keys_.emplace_back(supplier, &name);
      }
    }
  }

  uint32_t index_of(const std::string& supplier) const {
    return static_cast<uint32_t>(std::find(s_.suppliers.begin(), s_.suppliers.end(), supplier) -
                                 s_.suppliers.begin());
  }

  void add_deal_quantity(const Deal& deal, const Commitment& c) {
    const std::string note =
        fmt::format("{} → {}, {}, {}, amount {}, paid {}..{} ({}); {}", deal.from, deal.to,
                    deal.kind, deal.status, deal.basis, c.start_year, c.start_year + c.years - 1,
                    payment_profile_name(c.profile), deal.note);
    const std::string source = fmt::format("{} ({})", deal.source_url, deal.source_date);
    if (QuantityDef* existing = scenario_.find(c.input)) {
      // The scenario restates the amount, or the [financing] block added it: keep its value.
      if (existing->unit.empty()) existing->unit = "USD";
      if (existing->source.empty()) existing->source = source;
      if (existing->note.empty()) existing->note = note;
      return;
    }
    QuantityDef q;
    q.name = c.input;
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

  // A quantity whose formula is a string value of the table (the revenue, a supplier's revenue,
  // a stated amount). A quantity of that name in the scenario wins.
  void add_formula_quantity(const std::string& name, const toml::key& key, const std::string& text,
                            std::string note, const char* unit = "USD/yr") {
    if (scenario_.find(name) != nullptr) return;
    QuantityDef q;
    q.name = name;
    q.text = text;
    SourceLocation at = at_key(key);
    // The value's text: the first quote after the key, on its line.
    if (at.source && at.line >= 1 && at.line <= static_cast<int>(at.source->lines.size())) {
      const std::string& line = at.source->lines[static_cast<size_t>(at.line - 1)];
      size_t quote = line.find('"', static_cast<size_t>(at.column - 1) + key.str().size());
      if (quote != std::string::npos) {
        q.origin = {at.source, at.line, static_cast<int>(quote) + 2};
      }
    }
    q.unit = unit;
    q.unit_location = at;
    q.note = std::move(note);
    q.name_location = at;
    q.defined_in = at.source ? at.source->path : scenario_.path;
    scenario_.quantities.push_back(std::move(q));
  }

  const toml::table& table_;
  Scenario& scenario_;
  std::vector<Diagnostic> diagnostics_;
  DealFile deal_file_;
  CommitmentsStructure s_;
  std::vector<std::string> supplier_of_;  // parallel to s_.commitments
  std::vector<std::pair<std::string, const toml::key*>> supplier_keys_;
  std::optional<PaymentProfile> default_profile_;
};

}  // namespace

Result<std::shared_ptr<const Block>> make_commitments_block(const toml::table& table,
                                                            Scenario& scenario) {
  return CommitmentsReader(table, scenario).read();
}

}  // namespace gpugap
