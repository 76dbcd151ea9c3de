#include "gpugap/blocks/fleet_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "gpugap/blocks/fleet_block.h"
#include "gpugap/blocks/fleet_catalogue.h"
#include "gpugap/blocks/fleet_toml.h"
#include "gpugap/expr/parser.h"
#include "gpugap/util/csv.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

enum class Need { kRequired, kDefault, kOptional };

struct InputSpec {
  const char* key;
  FleetInputKind kind;
  const char* unit;
  bool yearly;
  Need need;
  const char* fallback;  // the default's text (kDefault)
  const char* about;
};

const InputSpec kInputs[] = {
    {"spend", FleetInputKind::kSpend, "USD/yr", true, Need::kRequired, "",
     "money spent on GPUs each year"},
    {"ai_revenue", FleetInputKind::kAiRevenue, "USD/yr", true, Need::kDefault, "0",
     "AI revenue each year, against which the gap is measured"},
    {"electricity_price", FleetInputKind::kElectricityPrice, "USD/kWh", true, Need::kRequired, "",
     "price of electricity"},
    {"pue", FleetInputKind::kPue, "", true, Need::kRequired, "",
     "power usage effectiveness: facility power ÷ IT power"},
    {"utilisation", FleetInputKind::kUtilisation, "%", true, Need::kRequired, "",
     "share of the hours the GPUs do useful work"},
    {"cloud_margin", FleetInputKind::kCloudMargin, "%", true, Need::kDefault, "0%",
     "the GPU owner's margin on revenue"},
    {"tax_rate", FleetInputKind::kTaxRate, "%", true, Need::kDefault, "0%",
     "tax rate on profits, for the depreciation tax shield"},
    {"overhead_power", FleetInputKind::kOverheadPower, "W/GPU", false, Need::kRequired, "",
     "power per GPU beyond its board: CPUs, network, storage, fans"},
    {"idle_power", FleetInputKind::kIdlePower, "%", false, Need::kDefault, "0%",
     "share of rated power a GPU server draws while idle"},
    {"shell_capex_per_mw", FleetInputKind::kShellCapex, "USD/MW", false, Need::kOptional, "",
     "data-center shell capex per MW of IT power"},
    {"shell_life", FleetInputKind::kShellLife, "yr", false, Need::kOptional, "",
     "life of the data-center shell"},
    {"physical_life", FleetInputKind::kPhysicalLife, "yr", false, Need::kRequired, "",
     "years a GPU stays in service unless it becomes obsolete first"},
    {"book_life", FleetInputKind::kBookLife, "yr", false, Need::kRequired, "",
     "accounting life of a GPU"},
    {"ddb_factor", FleetInputKind::kDdbFactor, "", false, Need::kDefault, "2",
     "declining-balance factor of DDB and VDB (the spreadsheets' default is 2)"},
    {"salvage", FleetInputKind::kSalvage, "%", false, Need::kDefault, "0%",
     "book value left at the end of the book life, as a share of cost"},
    {"operations_rate", FleetInputKind::kOperationsRate, "%", false, Need::kDefault, "0%",
     "operations and maintenance per year, as a share of the purchase price"},
    {"discount_rate", FleetInputKind::kDiscountRate, "%", false, Need::kDefault, "0%",
     "a year, for the present values of depreciation"},
    {"frontier_doubling_time", FleetInputKind::kFrontierDoublingTime, "yr", false, Need::kOptional,
     "", "after the catalogue's newest generation, years for throughput per dollar to double"},
    {"frontier_efficiency_doubling_time", FleetInputKind::kFrontierEfficiencyDoublingTime, "yr",
     false, Need::kOptional, "", "after the catalogue, years for throughput per watt to double"},
};

const char* kStructureKeys[] = {"catalogue", "generations", "precision",         "work",
                                "mix",       "method",      "first_year_months", "gpu"};
const char* kGpuKeys[] = {"first_year", "price", "power", "performance"};

struct GpuField {
  const char* key;
  FleetInputKind kind;
  const char* unit;
  const char* column;  // in the catalogue ("" for performance: depends on the work)
};

const GpuField kGpuFields[] = {
    {"price", FleetInputKind::kPrice, "USD/GPU", "price_usd"},
    {"power", FleetInputKind::kPower, "W/GPU", "board_power_w"},
    {"performance", FleetInputKind::kPerformance, "FLOP/s/GPU", ""},
};
// The unit of a GPU's throughput when the work is memory-bound: HBM bandwidth.
constexpr const char* kBandwidthUnit = "byte/s/GPU";

class FleetReader : private TomlValueReader {
 public:
  FleetReader(const toml::table& table, Scenario& scenario)
      : TomlValueReader(scenario), table_(table), scenario_(scenario) {}

  Result<std::shared_ptr<const Block>> read() {
    auto entries = in_file_order(table_);
    if (entries.empty()) {
      return Diagnostic{{}, "the [fleet] table is empty", "see docs/fleet-model.md"};
    }
    anchor_ = entries.front().first;
    if (!scenario_.time) {
      fail(*anchor_, "the [fleet] block needs a [time] axis: it computes every output by year",
           "add [time] years = \"2020..2035\"");
      return errors_;
    }
    structure_.first_year = scenario_.time->first_year;
    structure_.years = scenario_.time->size();
    check_keys();
    read_method();
    read_generations();
    if (!errors_.empty()) return errors_;
    read_mix();
    read_inputs();
    if (!errors_.empty()) return errors_;
    check_spend_has_generations();
    if (!errors_.empty()) return errors_;
    for (auto& q : quantities_) scenario_.quantities.push_back(std::move(q));
    return std::shared_ptr<const Block>(
        std::make_shared<FleetBlock>(std::move(structure_), std::move(slots_)));
  }

 private:
  // ----- the table's structure -----

  void check_keys() {
    std::vector<std::string> names(std::begin(kStructureKeys), std::end(kStructureKeys));
    for (const auto& spec : kInputs) names.emplace_back(spec.key);
    for (auto& [key, node] : in_file_order(table_)) {
      std::string name(key->str());
      if (std::find(names.begin(), names.end(), name) != names.end()) continue;
      std::string guess = closest_name(name, names);
      fail(*key, fmt::format("unknown key '{}' in [fleet]", name),
           guess.empty() ? "see docs/fleet-model.md for the keys of [fleet]"
                         : fmt::format("did you mean '{}'?", guess));
    }
  }

  std::optional<std::string> string_value(std::string_view name, const char* what) {
    const toml::node* node = table_.get(name);
    if (node == nullptr) return std::nullopt;
    auto text = node->value_exact<std::string>();
    if (!text) {
      fail(*key_of(table_, name), fmt::format("[fleet] {} must be a string: {}", name, what));
      return std::nullopt;
    }
    return *text;
  }

  void read_method() {
    if (auto method = string_value("method", "\"SLN\", \"SYD\", \"DDB\", \"VDB\" or \"DB\"")) {
      auto parsed = parse_depreciation_method(*method);
      if (!parsed) {
        const toml::key& key = *key_of(table_, "method");
        std::string guess = closest_name(*method, depreciation_method_names());
        fail_at(value_location(key, method->size()),
                fmt::format("unknown depreciation method '{}'", *method),
                guess.empty() ? fmt::format("methods (as in Excel and LibreOffice): {}",
                                            fmt::join(depreciation_method_names(), ", "))
                              : fmt::format("did you mean '{}'?", guess));
      } else {
        structure_.method = *parsed;
      }
    }
    if (const toml::node* months = table_.get("first_year_months")) {
      const toml::key& key = *key_of(table_, "first_year_months");
      auto value = months->value_exact<int64_t>();
      if (!value || *value < 1 || *value > 12) {
        fail_at(value_location(key, 2), "first_year_months must be a whole number from 1 to 12",
                "the months of service in the year of purchase; 12 is a full year");
      } else if (*value != 12 && !supports_partial_first_year(structure_.method)) {
        fail_at(value_location(key, 2),
                fmt::format("{} has no partial first year (first_year_months = {})",
                            depreciation_method_name(structure_.method), *value),
                "only SLN (pro rata) and DB (its month argument) take a partial first year");
      } else {
        structure_.first_year_months = static_cast<double>(*value);
      }
    }
  }

  // ----- generations and the catalogue -----

  void read_generations() {
    const toml::key* key = key_of(table_, "generations");
    const toml::array* list =
        table_.get("generations") ? table_.get("generations")->as_array() : nullptr;
    if (key == nullptr || list == nullptr || list->empty()) {
      fail(key ? *key : *anchor_, "[fleet] needs generations = [\"A100\", \"H100\", …]",
           "the GPU generations the fleet can buy, oldest first; their numbers come from the "
           "catalogue or from [fleet.gpu.NAME]");
      return;
    }
    std::vector<std::string> names;
    for (const auto& element : *list) {
      auto name = element.value_exact<std::string>();
      if (!name) {
        fail(*key, "generations must be a list of names (strings)");
        return;
      }
      if (std::find(names.begin(), names.end(), *name) != names.end()) {
        fail_at(find_after(*key, "\"" + *name + "\""),
                fmt::format("generation '{}' is listed twice", *name));
        return;
      }
      names.push_back(*name);
    }
    std::string precision =
        string_value("precision", "\"bf16\", \"fp8\" or \"fp4\"").value_or("bf16");
    if (precision != "bf16" && precision != "fp8" && precision != "fp4") {
      fail_at(value_location(*key_of(table_, "precision"), precision.size()),
              fmt::format("unknown precision '{}'", precision),
              "\"bf16\", \"fp8\" or \"fp4\": the precision of the work, whose dense TFLOPS "
              "column of the catalogue measures a GPU's throughput (for memory-bound work, "
              "measured by HBM bandwidth, write work = \"memory_bandwidth\" instead)");
      return;
    }
    const std::vector<std::string> works(std::begin(kWorkChoices), std::end(kWorkChoices));
    work_ = string_value("work", "\"compute\" or \"memory_bandwidth\"").value_or("compute");
    if (std::find(works.begin(), works.end(), work_) == works.end()) {
      const std::string guess = closest_name(work_, works);
      fail_at(value_location(*key_of(table_, "work"), work_.size()),
              fmt::format("unknown work '{}'", work_),
              fmt::format("{}\"compute\" (the default: dense TFLOPS of the precision) or "
                          "\"memory_bandwidth\" (memory-bound inference: HBM bandwidth, TB/s)",
                          guess.empty() ? "" : fmt::format("did you mean '{}'? ", guess)));
      return;
    }
    const toml::table* gpus = nullptr;
    if (const toml::node* node = table_.get("gpu")) {
      gpus = node->as_table();
      if (gpus == nullptr) {
        fail(*key_of(table_, "gpu"), "[fleet.gpu] must be a table of [fleet.gpu.NAME] tables");
        return;
      }
      for (auto& [gpu_key, gpu_node] : in_file_order(*gpus)) {
        std::string name(gpu_key->str());
        if (std::find(names.begin(), names.end(), name) == names.end()) {
          std::string guess = closest_name(name, names);
          fail(*gpu_key,
               fmt::format("[fleet.gpu.{}] describes a generation that 'generations' "
                           "does not list",
                           name),
               guess.empty() ? "add it to generations, or remove the table"
                             : fmt::format("did you mean '{}'?", guess));
        } else if (!gpu_node->as_table()) {
          fail(*gpu_key, fmt::format("[fleet.gpu.{}] must be a table", name));
        } else {
          check_table_keys(*gpu_node->as_table(), {std::begin(kGpuKeys), std::end(kGpuKeys)},
                           "field of [fleet.gpu]:");
        }
      }
    }
    read_catalogue();
    if (!errors_.empty()) return;
    for (size_t g = 0; g < names.size(); ++g) {
      const toml::table* override_table =
          gpus && gpus->get(names[g]) ? gpus->get(names[g])->as_table() : nullptr;
      read_generation(static_cast<int>(g), names[g], *key, override_table, precision);
    }
  }

  void read_catalogue() {
    auto path = string_value("catalogue", "the path of a GPU catalogue such as data/gpus.csv");
    if (!path) return;
    const toml::key& key = *key_of(table_, "catalogue");
    fs::path resolved = (fs::path(path_of(key)).parent_path() / *path).lexically_normal();
    std::ifstream in(resolved, std::ios::binary);
    if (!in) {
      fail_at(value_location(key, path->size()),
              fmt::format("cannot open the GPU catalogue '{}'", resolved.string()),
              "the path is relative to this file's folder");
      return;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    auto source = SourceText::from_string(resolved.string(), text);
    scenario_.sources.push_back(source);
    catalogue_ = GpuCatalogue::parse(std::move(source), text, errors_);
  }

  void read_generation(int g, const std::string& name, const toml::key& list_key,
                       const toml::table* override_table, const std::string& precision) {
    const CsvRow* row = catalogue_ ? catalogue_->row(name) : nullptr;
    SourceLocation listed = find_after(list_key, "\"" + name + "\"");
    auto where_in_catalogue = [&](const std::string& column) {
      return row ? fmt::format("{}:{} has no {} for {}", catalogue_->path(), row->line, column,
                               name)
                 : fmt::format("{} is not in the catalogue", name);
    };
    // First year of volume shipments: structural, not uncertain.
    int first_year = 0;
    const toml::node* first = override_table ? override_table->get("first_year") : nullptr;
    if (first) {
      auto value = first->value_exact<int64_t>();
      if (!value) {
        fail(*key_of(*override_table, "first_year"), "first_year must be a year such as 2026");
        return;
      }
      first_year = static_cast<int>(*value);
    } else if (row && !catalogue_->get(*row, "first_volume_year").empty()) {
      // GpuCatalogue::parse() has refused a cell that is not a year.
      first_year =
          parse_year(std::string(trim(catalogue_->get(*row, "first_volume_year")))).value_or(0);
    } else {
      fail_at(listed, fmt::format("generation '{}' has no first year", name),
              fmt::format("{}; give [fleet.gpu.{}] first_year = YEAR",
                          where_in_catalogue("first_volume_year"), name));
      return;
    }
    structure_.generations.push_back(name);
    structure_.generation_first_year.push_back(first_year);
    for (const GpuField& field : kGpuFields) {
      const std::string quantity = fmt::format("fleet.{}.{}", name, field.key);
      std::string column = field.column;
      if (field.kind == FleetInputKind::kPerformance)
        column = gpu_throughput_column(catalogue_ ? &*catalogue_ : nullptr, row, precision, work_);
      const std::string unit = field.kind == FleetInputKind::kPerformance && memory_bound()
                                   ? kBandwidthUnit
                                   : field.unit;
      const toml::key* override_key = override_table ? key_of(*override_table, field.key) : nullptr;
      QuantityDef q;
      if (override_key) {
        if (!read_value(quantity, *override_key, *override_table->get(field.key), unit, q)) {
          continue;
        }
      } else if (row && !catalogue_->get(*row, column).empty()) {
        q = catalogue_->quantity(quantity, *row, column,
                                 field.kind == FleetInputKind::kPerformance ? "T" : "", unit);
        bool price = field.kind == FleetInputKind::kPrice;
        q.source = catalogue_->get(*row, price ? "price_source"
                                         : field.kind == FleetInputKind::kPerformance
                                             ? gpu_throughput_source_column(column)
                                             : "spec_source");
        if (price && !catalogue_->get(*row, "price_kind").empty()) {
          q.note = catalogue_->get(*row, "price_kind") + " price (data/README-fleet.md)";
        }
        if (field.kind == FleetInputKind::kPerformance) {
          q.note = gpu_throughput_note(column, precision);
        }
      } else {
        fail_at(listed, fmt::format("generation '{}' has no {}", name, field.key),
                fmt::format("{}; give one with its source, or mark it as an assumption: "
                            "[fleet.gpu.{}] {} = {{ value = \"…\", source = \"…\", note = "
                            "\"assumption: …\" }}",
                            where_in_catalogue(column), name, field.key));
        continue;
      }
      check_literals(q, fleet_input_range(field.kind));
      if (field.kind == FleetInputKind::kPerformance) check_performance_scale(q);
      add_input(std::move(q), field.kind, unit, false, g);
    }
  }

  // "2000" FLOP/s is surely 2000 TFLOPS written without its T (and "3.35" byte/s, 3.35 TB/s).
  void check_performance_scale(const QuantityDef& q) {
    const bool bandwidth = memory_bound();
    for (const auto& [value, where] : literal_values(q)) {
      if (value > 0 && value < 1e9) {
        fail_at(where,
                fmt::format("'{}' is {} {} per GPU: too small to be a GPU", q.name, value,
                            bandwidth ? "byte/s" : "FLOP/s"),
                fmt::format("write {}T for {} {}", value, value, bandwidth ? "TB/s" : "TFLOPS"));
      }
    }
  }
  bool memory_bound() const { return work_ == "memory_bandwidth"; }

  void check_literals(const QuantityDef& q, const FleetInputRange& range) {
    for (const auto& [value, where] : literal_values(q)) {
      if (range.contains(value)) continue;
      fail_at(where, fmt::format("'{}' is {}; it must be {}", q.name, value, range.text),
              q.unit == "%" ? "a percentage such as \"70%\"" : "");
    }
  }

  void add_input(QuantityDef q, FleetInputKind kind, const std::string& unit, bool yearly,
                 int generation = -1) {
    if (scenario_.find(q.name) != nullptr) {
      fail_at(q.name_location,
              fmt::format("'{}' is already a quantity of this scenario; the [fleet] block makes "
                          "it",
                          q.name),
              "remove it from [quantities] and give its value in [fleet]");
      return;
    }
    slots_.push_back({kind, generation, q.name, unit, yearly});
    quantities_.push_back(std::move(q));
  }

  // ----- the mix -----

  void read_mix() {
    const toml::node* node = table_.get("mix");
    if (node == nullptr) return;
    const toml::key& key = *key_of(table_, "mix");
    if (auto text = node->value_exact<std::string>()) {
      if (*text != "newest") {
        fail_at(value_location(key, text->size()), fmt::format("unknown mix '{}'", *text),
                "write mix = \"newest\" (each year buys the newest generation on sale), or a "
                "table of shares: [fleet.mix] H100 = { 2023 = \"100%\" }");
      }
      return;
    }
    const toml::table* shares = node->as_table();
    if (shares == nullptr) {
      fail(key, "mix must be \"newest\" or a table of shares by generation");
      return;
    }
    structure_.mix_shares = true;
    const auto& names = structure_.generations;
    std::vector<QuantityDef> mix(names.size());
    for (auto& [gen_key, gen_node] : in_file_order(*shares)) {
      std::string name(gen_key->str());
      auto found = std::find(names.begin(), names.end(), name);
      if (found == names.end()) {
        std::string guess = closest_name(name, names);
        fail(*gen_key, fmt::format("the mix names '{}', which 'generations' does not list", name),
             guess.empty() ? "" : fmt::format("did you mean '{}'?", guess));
        continue;
      }
      const size_t g = static_cast<size_t>(found - names.begin());
      QuantityDef q;
      if (!read_value("fleet.mix." + name, *gen_key, *gen_node, "%", q)) continue;
      if (q.is_year_table() && q.fill.empty()) q.fill = "zero";
      check_literals(q, fleet_input_range(FleetInputKind::kMix));
      mix[g] = std::move(q);
    }
    if (!errors_.empty()) return;
    // Shares written as numbers must add up to 100% in every year they cover, and name only
    // generations already on sale.
    const TimeAxis& time = *scenario_.time;
    std::vector<std::optional<std::vector<double>>> literal(names.size());
    bool all_literal = true;
    for (size_t g = 0; g < names.size(); ++g) {
      if (mix[g].name.empty()) {
        literal[g] = std::vector<double>(time.size(), 0.0);
        continue;
      }
      literal[g] = literal_series(mix[g]);
      all_literal = all_literal && literal[g].has_value();
    }
    for (int y = 0; y < time.size(); ++y) {
      const int year = time.first_year + y;
      double total = 0;
      std::vector<std::string> parts;
      const QuantityDef* last = nullptr;
      for (size_t g = 0; g < names.size(); ++g) {
        if (!literal[g] || (*literal[g])[y] == 0) continue;
        const double share = (*literal[g])[y];
        if (structure_.generation_first_year[g] > year) {
          fail_at(year_location(mix[g], year),
                  fmt::format("the mix buys {} in {}, before it is on sale ({})", names[g], year,
                              structure_.generation_first_year[g]),
                  "a generation's first year comes from the catalogue or [fleet.gpu.NAME] "
                  "first_year");
        }
        total += share;
        parts.push_back(fmt::format("{} {:g}%", names[g], share * 100));
        last = &mix[g];
      }
      if (all_literal && last && std::abs(total - 1) > 1e-6) {
        fail_at(year_location(*last, year),
                fmt::format("the mix for {} sums to {:g}% ({}), not 100%", year, total * 100,
                            fmt::join(parts, " + ")),
                "shares of the year's spend by generation must add up to 100%");
      }
    }
    for (size_t g = 0; g < names.size(); ++g) {
      if (!mix[g].name.empty())
        add_input(std::move(mix[g]), FleetInputKind::kMix, "%", true, static_cast<int>(g));
    }
  }

  // ----- numeric inputs -----

  void read_inputs() {
    const bool declining = structure_.method == DepreciationMethod::kDoubleDeclining ||
                           structure_.method == DepreciationMethod::kVariableDeclining;
    // The trends after the catalogue are of FLOP/s per dollar and per watt: they do not measure
    // memory bandwidth, so memory-bound work stays within the catalogue (docs/fleet-model.md).
    structure_.memory_bound = memory_bound();
    structure_.extrapolate = table_.get("frontier_doubling_time") != nullptr && !memory_bound();
    const bool has_shell = table_.get("shell_capex_per_mw") != nullptr;
    for (const InputSpec& spec : kInputs) {
      const std::string name = fmt::format("fleet.{}", spec.key);
      const toml::node* node = table_.get(spec.key);
      if (memory_bound() && (spec.kind == FleetInputKind::kFrontierDoublingTime ||
                             spec.kind == FleetInputKind::kFrontierEfficiencyDoublingTime)) {
        continue;
      }
      if (spec.kind == FleetInputKind::kDdbFactor && !declining) {
        if (node) {
          fail(*key_of(table_, spec.key),
               fmt::format("ddb_factor applies to DDB and VDB, not to {}",
                           depreciation_method_name(structure_.method)),
               "remove it, or set method = \"DDB\"");
        }
        continue;
      }
      QuantityDef q;
      if (node) {
        if (!read_value(name, *key_of(table_, spec.key), *node, spec.unit, q)) continue;
      } else if (spec.kind == FleetInputKind::kShellLife && has_shell) {
        fail(*key_of(table_, "shell_capex_per_mw"), "shell_capex_per_mw needs shell_life",
             "give the shell's depreciation life: shell_life = { value = \"20\", source = \"…\" }");
        continue;
      } else if (spec.kind == FleetInputKind::kFrontierEfficiencyDoublingTime &&
                 structure_.extrapolate) {
        fail(*key_of(table_, "frontier_doubling_time"),
             "frontier_doubling_time needs frontier_efficiency_doubling_time",
             "energy per unit of work has its own trend: frontier_efficiency_doubling_time = { "
             "value = \"…\", unit = \"yr\", source = \"…\" }");
        continue;
      } else if (spec.need == Need::kRequired) {
        fail(*anchor_, fmt::format("[fleet] needs '{}': {}", spec.key, spec.about),
             fmt::format("write {} = {{ value = \"…\", unit = \"{}\", source = \"…\" }}", spec.key,
                         spec.unit));
        continue;
      } else if (spec.need == Need::kOptional) {
        continue;
      } else {
        q.name = name;
        q.text = spec.fallback;
        q.origin = TextOrigin{SourceText::from_string("[fleet] default", spec.fallback), 1, 1};
        q.unit = spec.unit;
        q.name_location = key_location(*anchor_);
        q.defined_in = "[fleet] default";
        q.note = fmt::format("default: {} (not given in [fleet])", spec.about);
      }
      if (q.note.empty() && q.source.empty()) q.note = spec.about;
      check_literals(q, fleet_input_range(spec.kind));
      add_input(std::move(q), spec.kind, spec.unit, spec.yearly);
    }
  }

  // Spend in a year when no listed generation is on sale has nothing to buy.
  void check_spend_has_generations() {
    const QuantityDef* spend = nullptr;
    for (const auto& q : quantities_) {
      if (q.name == "fleet.spend") spend = &q;
    }
    if (spend == nullptr) return;
    int earliest = std::numeric_limits<int>::max();
    for (int year : structure_.generation_first_year) earliest = std::min(earliest, year);
    auto values = literal_series(*spend);
    if (!values) return;
    const TimeAxis& time = *scenario_.time;
    for (int y = 0; y < time.size() && time.first_year + y < earliest; ++y) {
      if ((*values)[y] == 0) continue;
      const int year = time.first_year + y;
      const QuantityDef* written = spend;
      if (!spend->is_year_table()) {
        // Follow a bare name to the yearly table that gives the number.
        auto parsed = parse_formula(spend->text, spend->origin);
        if (parsed && (*parsed)->kind == ExprKind::kName) {
          if (const QuantityDef* named = scenario_.find((*parsed)->name)) written = named;
        }
      }
      fail_at(written->is_year_table() ? year_location(*written, year) : written->name_location,
              fmt::format("'{}' spends in {}, but no generation of [fleet] is on sale before {}",
                          spend->name, year, earliest),
              "list an older generation in generations, or start [time] later");
      return;
    }
  }

  const toml::table& table_;
  Scenario& scenario_;
  const toml::key* anchor_ = nullptr;
  FleetStructure structure_;
  std::vector<FleetInputSlot> slots_;
  std::vector<QuantityDef> quantities_;
  std::optional<GpuCatalogue> catalogue_;
  std::string work_ = "compute";  // [fleet] work: "compute" or "memory_bandwidth"
};

}  // namespace

Result<std::shared_ptr<const Block>> make_fleet_block(const toml::table& table,
                                                      Scenario& scenario) {
  return FleetReader(table, scenario).read();
}

}  // namespace gpugap
