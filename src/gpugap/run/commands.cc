#include "gpugap/run/commands.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gpugap/analysis/statistics.h"
#include "gpugap/blocks/fleet_block.h"
#include "gpugap/compile/compile.h"
#include "gpugap/report/paired.h"
#include "gpugap/report/text_table.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

const FleetBlock* find_fleet(const Scenario& scenario) {
  for (const auto& block : scenario.blocks) {
    if (auto* fleet = dynamic_cast<const FleetBlock*>(block.get())) return fleet;
  }
  return nullptr;
}

// The point values of a block's inputs, in its order.
std::vector<std::vector<double>> input_values(const Evaluated& e,
                                              const std::vector<std::string>& inputs) {
  std::vector<std::vector<double>> values;
  for (const std::string& input : inputs) {
    values.push_back(e.results.values[static_cast<size_t>(e.model.index_of(input))]);
  }
  return values;
}

}  // namespace

Result<Solved> solve_scenario(Scenario scenario, const std::string& target, const std::string& vary,
                              const std::string& between) {
  Solved solved;
  SolveRequest& request = solved.request;
  const size_t eq = target.find('=');
  if (eq == std::string::npos) {
    return Diagnostic{{},
                      fmt::format("--target '{}' is not of the form QUANTITY=VALUE", target),
                      "e.g. --target revenue_gap=0"};
  }
  request.target = target.substr(0, eq);
  request.target_text = target.substr(eq + 1);
  request.vary = vary;
  if (!between.empty()) {
    const size_t comma = between.find(',');
    if (comma == std::string::npos) {
      return Diagnostic{{},
                        fmt::format("--between '{}' is not of the form LOW,HIGH", between),
                        "e.g. --between 0,1T"};
    }
    request.between = std::make_pair(between.substr(0, comma), between.substr(comma + 1));
  }
  auto result = solve(scenario, request);
  if (!result) return result.diagnostics();
  solved.result = std::move(*result);
  // Units for showing the answer.
  auto model = compile(std::move(scenario));
  if (!model) return model.diagnostics();
  solved.vary_unit = model->quantities[model->index_of(request.vary)].unit;
  solved.target_unit = model->quantities[model->index_of(request.target)].unit;
  return solved;
}

nlohmann::ordered_json solve_json(const Solved& solved, const std::string& scenario) {
  const SolveResult& r = solved.result;
  const Unit& vary = solved.vary_unit;
  nlohmann::ordered_json out;
  out["scenario"] = scenario;
  out["target"] = solved.request.target;
  out["target_value"] = in_unit(r.target_value, solved.target_unit);
  out["vary"] = solved.request.vary;
  out["unit"] = unit_label(vary);
  out["found"] = r.found;
  out["value"] =
      r.found ? nlohmann::ordered_json(in_unit(r.value, vary)) : nlohmann::ordered_json(nullptr);
  out["between"] = {in_unit(r.low, vary), in_unit(r.high, vary)};
  out["evaluations"] = r.evaluations;
  if (!r.found) out["explanation"] = r.explanation;
  return out;
}

std::string solve_text(const Solved& solved) {
  const SolveResult& r = solved.result;
  if (!r.found) return r.explanation + "\n";
  const Unit& vary = solved.vary_unit;
  return fmt::format(
      "{} = {} when {} = {}\n(searched {} to {}; {} evaluations; other inputs at "
      "their point values)\n",
      solved.request.target, format_value(r.target_value, solved.target_unit), solved.request.vary,
      format_value(r.value, vary), format_value(r.low, vary), format_value(r.high, vary),
      r.evaluations);
}

Result<FleetView> fleet_view(const Evaluated& evaluated) {
  FleetView view;
  view.model = &evaluated.model;
  view.results = &evaluated.results;
  view.block = find_fleet(view.model->scenario);
  if (view.block == nullptr) {
    return Diagnostic{
        {},
        fmt::format("{} has no [fleet] block: there is no fleet to show", view.model->scenario.id),
        "add a [fleet] table (docs/fleet-model.md), or try `gpugap fleet "
        "fleet-2020-2035`"};
  }
  view.years = view.model->years();
  const FleetStructure& s = view.block->structure();
  FleetInputs inputs = view.block->sample(input_values(evaluated, view.block->inputs()));
  FleetScratch scratch(s);
  std::vector<double> yearly(static_cast<size_t>(fleet_series_count(s)) * s.years);
  if (!simulate_fleet(s, inputs, scratch, yearly.data(), &view.detail)) {
    return Diagnostic{{}, "the fleet's inputs are outside their domain", ""};
  }
  return view;
}

Result<GraphView> graph_view(const Evaluated& evaluated, std::optional<int> year) {
  const Model& model = evaluated.model;
  GraphView view;
  view.block = find_financing_block(model.scenario);
  if (view.block == nullptr) {
    return Diagnostic{
        {},
        fmt::format("{} has no [financing] block: there is no graph to show", model.scenario.id),
        "add [financing] deals = \"../data/deals.csv\" (docs/financing-graph.md), "
        "or try `gpugap graph circular-2025`"};
  }
  if (year) {
    const auto& time = view.block->time();
    if (!time || *year < time->first_year || *year > time->last_year) {
      return Diagnostic{{},
                        time ? fmt::format("--year {} is outside {}'s years {}..{}", *year,
                                           model.scenario.id, time->first_year, time->last_year)
                             : fmt::format("--year {}: {} has no [time] axis, only whole deals",
                                           *year, model.scenario.id),
                        "leave out --year for every deal's whole amount"};
    }
  }
  view.snapshot = view.block->snapshot(input_values(evaluated, view.block->inputs()), year);
  return view;
}

Result<Diffed> diff_scenarios(const Evaluated& a, const Evaluated& b,
                              const MonteCarloSettings& settings) {
  Diffed diffed;
  diffed.rows = diff_models(a.model, a.results, b.model, b.results);
  diffed.seed = settings.seed;
  const bool uncertain = !a.model.program.leaves.empty() || !b.model.program.leaves.empty();
  if (!uncertain) return diffed;
  auto n = samples_for(b.model.program.leaves.empty() ? a.model : b.model, settings);
  if (!n) return n.diagnostics();
  diffed.samples = *n;
  auto paired = run_paired_differences(a.model, b.model, diffed.rows, settings, *n);
  if (!paired) return paired.diagnostics();
  diffed.paired = std::move(*paired);
  return diffed;
}

nlohmann::ordered_json diff_json(const Evaluated& a, const Evaluated& b, const Diffed& diffed) {
  using nlohmann::ordered_json;
  ordered_json out;
  out["a"] = a.model.scenario.id;
  out["b"] = b.model.scenario.id;
  ordered_json list = ordered_json::array();
  for (const auto& r : diffed.rows) list.push_back(diff_row_json(r));
  out["differences"] = list;
  if (diffed.paired) out["monte_carlo"] = paired_json(*diffed.paired, diffed.samples, diffed.seed);
  return out;
}

std::string diff_text(const Evaluated& a, const Evaluated& b, const Diffed& diffed) {
  std::string text =
      fmt::format("A: {} ({})\nB: {} ({})\n\n", a.model.scenario.id, a.model.scenario.title,
                  b.model.scenario.id, b.model.scenario.title);
  if (diffed.rows.empty()) text += "no differences\n";
  TextTable changes;
  changes.align = {Align::kLeft, Align::kRight, Align::kRight};
  if (!diffed.rows.empty()) changes.add({"quantity", "A", "B", "change", "caused by"});
  for (const auto& r : diffed.rows) {
    // "only in A" is what changed, not a cause: it goes in the change column.
    const bool alone = r.change == "only in A" || r.change == "only in B";
    changes.add({r.name, r.a_text, r.b_text, alone ? r.change : change_text(r), cause_text(r)});
  }
  text += changes.render();
  if (!diffed.paired) return text;
  const PairedDifferences& paired = *diffed.paired;
  text += fmt::format("\nMonte Carlo, {} samples, seed {}: A and B from the same random numbers\n",
                      diffed.samples, diffed.seed);
  TextTable cells;
  cells.align.assign(5, Align::kRight);
  cells.align[0] = Align::kLeft;
  if (!paired.differing.empty()) {
    cells.add({"quantity", "A: median [90% interval]", "B: median [90% interval]",
               "B − A: mean [90% interval]", "P(B>A)"});
  }
  auto distribution = [](const Summary& s, const Unit& u) {
    if (same_value(s.p5, s.p95)) return format_value(s.p50, u);  // not uncertain on this side
    return fmt::format("{} [{}, {}]", format_value(s.p50, u), format_value(s.p5, u),
                       format_value(s.p95, u));
  };
  for (const auto& p : paired.differing) {
    const Unit& u = p.display;
    cells.add(
        {p.year < 0 ? p.name : fmt::format("{} in {}", p.name, p.year), distribution(p.a, u),
         distribution(p.b, u),
         fmt::format("{} [{}, {}]", format_difference(p.difference.mean, u),
                     format_difference(p.difference.p5, u), format_difference(p.difference.p95, u)),
         format_probability(p.difference.p_positive)});
  }
  text += cells.render();
  if (!paired.same.empty()) {
    text += fmt::format("  same in every sample: {}\n", fmt::join(paired.same, ", "));
  }
  return text;
}

}  // namespace gpugap
