// gpugap._gpugap: the compiled half of `import gpugap` (python/gpugap/ is the other, in Python).
// It binds the front door (run/pipeline.h, run/monte_carlo.h), never the CLI: a scenario is
// loaded and evaluated as every command does it, a Monte Carlo run is the CLI's with the same
// seed, and results leave as the CLI's JSON (report/output.h) plus raw samples as NumPy arrays
// that view the engine's buffers. Errors raise gpugap.ScenarioError with every diagnostic; the
// GIL is released while the engine runs, and Ctrl-C (SIGINT) cancels a run.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/report/explain.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/fleet.h"
#include "gpugap/report/output.h"
#include "gpugap/report/percent.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/view.h"
#include "gpugap/run/commands.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/units/format.h"

namespace py = pybind11;

namespace gpugap::python {
namespace {

// Raises gpugap.ScenarioError(text, [(file, line, column, message, hint), …]) where `text` is
// what the CLI prints for the same diagnostics.
[[noreturn]] void raise(const std::vector<Diagnostic>& diagnostics) {
  py::list items;
  for (const Diagnostic& d : diagnostics) {
    py::object file = py::none();
    py::object line = py::none();
    py::object column = py::none();
    if (d.where.source != nullptr) file = py::str(d.where.source->path);
    if (d.where.known()) {
      line = py::int_(d.where.line);
      column = py::int_(d.where.column);
    }
    items.append(py::make_tuple(file, line, column, d.message, d.hint));
  }
  py::object error = py::module_::import("gpugap.errors").attr("ScenarioError");
  py::object instance = error(format_diagnostics(diagnostics), items);
  PyErr_SetObject(error.ptr(), instance.ptr());
  throw py::error_already_set();
}

template <class T>
T take(Result<T>&& result) {
  if (!result) raise(result.diagnostics());
  return std::move(*result);
}

// Ctrl-C while the engine runs without the GIL: the progress callback (called every 10 ms on the
// calling thread) takes the GIL for a moment and asks Python whether a signal came; the run then
// stops at its next batch and the KeyboardInterrupt is raised again once the run has returned.
class Interrupts {
 public:
  void watch(MonteCarloSettings& settings) {
    settings.progress = [this](double) { check(); };
    settings.cancelled = [this] { return stop_.load(); };
  }
  // With the GIL: raises what Python raised in a signal handler, if anything.
  void rethrow() {
    if (error_) {
      error_->restore();
      error_.reset();
      throw py::error_already_set();
    }
  }

 private:
  void check() {
    if (stop_.load()) return;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      error_.emplace();  // fetches and clears Python's error
      stop_ = true;
    }
  }
  std::atomic<bool> stop_{false};
  std::optional<py::error_already_set> error_;
};

// A loaded, compiled and point-evaluated scenario (gpugap.Scenario wraps it).
struct Loaded {
  ScenarioSource source;
  std::vector<std::string> sets;
  std::shared_ptr<const Evaluated> evaluated;
};

// A Monte Carlo run's results and the raw samples kept.
struct Run {
  std::shared_ptr<const Evaluated> evaluated;
  std::vector<int> selection;
  std::optional<Uncertainty> uncertainty;
  uint64_t first_sample = 0;
  // Kept samples by quantity, per year (one for a scalar), in the quantity's unit; shared with
  // every NumPy array that views them.
  std::vector<std::pair<int, std::vector<std::shared_ptr<SampleColumn>>>> kept;
};

Loaded load_scenario_py(const std::string& name_or_path, const std::optional<std::string>& text,
                        const std::vector<std::string>& sets) {
  Loaded loaded;
  loaded.source =
      text ? ScenarioSource::text_of(name_or_path, *text) : ScenarioSource::named(name_or_path);
  loaded.sets = sets;
  Result<Evaluated> evaluated = [&] {
    py::gil_scoped_release release;
    return evaluate(loaded.source, sets);
  }();
  loaded.evaluated = std::make_shared<const Evaluated>(take(std::move(evaluated)));
  return loaded;
}

int quantity_index(const Model& model, const std::string& name) {
  const int i = model.index_of(name);
  if (i < 0) {
    throw py::key_error(name + " is not a quantity of " + model.scenario.id);
  }
  return i;
}

std::vector<int> selection_of(const Model& model,
                              const std::optional<std::vector<std::string>>& only) {
  if (!only) return selected_quantities(model, {});
  for (const auto& name : *only) quantity_index(model, name);
  return selected_quantities(model, *only);
}

Run run_py(const Loaded& loaded, uint64_t samples, uint64_t seed, unsigned threads,
           uint64_t first_sample, const std::optional<std::vector<std::string>>& only,
           const std::vector<std::string>& keep, bool force, bool in_units, bool summarise) {
  const Model& model = loaded.evaluated->model;
  Run run;
  run.evaluated = loaded.evaluated;
  run.selection = selection_of(model, only);
  run.first_sample = first_sample;
  std::vector<int> keep_indices;
  for (const auto& name : keep) keep_indices.push_back(quantity_index(model, name));

  MonteCarloSettings settings;
  settings.samples = samples;
  settings.seed = seed;
  settings.threads = threads;
  settings.first_sample = first_sample;
  settings.force = force;
  const uint64_t n = take(samples_for(model, settings));
  if (n < 2 && first_sample == 0) return run;  // a point run: every uncertain input at its median

  Interrupts interrupts;
  interrupts.watch(settings);
  std::optional<Result<SampledUncertainty>> result;
  {
    py::gil_scoped_release release;
    // Without summaries (a gpugap.dask slice, whose samples are summarised where they meet),
    // only the kept samples are drawn.
    result.emplace(run_uncertainty_keeping(model, summarise ? run.selection : std::vector<int>{},
                                           keep_indices, settings, n));
  }
  interrupts.rethrow();
  SampledUncertainty sampled = take(std::move(*result));
  run.uncertainty = std::move(sampled.uncertainty);
  for (size_t o = 0; o < sampled.kept.outputs.size(); ++o) {
    const int q = sampled.kept.outputs[o];
    const Unit& unit = model.quantities[q].unit;
    std::vector<std::shared_ptr<SampleColumn>> years;
    for (auto& column : sampled.kept.values[o]) {
      if (in_units) {
        for (double& v : column) v = in_unit(v, unit);
      }
      years.push_back(std::make_shared<SampleColumn>(std::move(column)));
    }
    run.kept.emplace_back(q, std::move(years));
  }
  return run;
}

// The Run of one long run from the base-unit samples of its slices (gpugap.dask): `columns`
// holds, per quantity name, its samples per year, concatenated in sample order; the summaries
// are those one run of them all gives, bit for bit.
Run merge_py(const Loaded& loaded, uint64_t samples, uint64_t seed, unsigned threads,
             uint64_t first_sample, const std::optional<std::vector<std::string>>& only,
             const std::vector<std::pair<std::string, std::vector<py::array_t<double>>>>& columns,
             const std::vector<std::string>& keep) {
  const Model& model = loaded.evaluated->model;
  Run run;
  run.evaluated = loaded.evaluated;
  run.selection = selection_of(model, only);
  run.first_sample = first_sample;
  SampleSet set;
  set.samples = samples;
  for (const auto& [name, years] : columns) {
    const int q = quantity_index(model, name);
    if (years.size() != model.quantities[q].value.length) {
      throw py::value_error(name + ": one array a year expected");
    }
    std::vector<SampleColumn> values;
    for (const auto& year : years) {
      if (static_cast<uint64_t>(year.size()) != samples) {
        throw py::value_error(name + ": not as many samples as the run");
      }
      const double* data = year.data();
      values.emplace_back(data, data + year.size());
    }
    const bool kept = std::find(keep.begin(), keep.end(), name) != keep.end();
    if (kept) {
      std::vector<std::shared_ptr<SampleColumn>> shared;
      for (const auto& column : values) {
        auto copy = std::make_shared<SampleColumn>(column);
        for (double& v : *copy) v = in_unit(v, model.quantities[q].unit);
        shared.push_back(std::move(copy));
      }
      run.kept.emplace_back(q, std::move(shared));
    }
    if (!model.quantities[q].uncertain ||
        std::find(run.selection.begin(), run.selection.end(), q) == run.selection.end()) {
      continue;
    }
    set.outputs.push_back(q);
    set.values.push_back(std::move(values));
  }
  {
    py::gil_scoped_release release;
    run.uncertainty = summarise_samples(model, set, seed, threads);
  }
  return run;
}

// `gpugap sensitivity --format json`: a tornado, or Sobol indices (`samples` base samples).
std::string sensitivity_py(const Loaded& loaded, const std::string& output,
                           const std::string& method, uint64_t samples, size_t bootstrap,
                           uint64_t seed, unsigned threads) {
  const Model& model = loaded.evaluated->model;
  const int q = quantity_index(model, output);
  if (method == "tornado") {
    std::optional<Result<Tornado>> t;
    {
      py::gil_scoped_release release;
      t.emplace(tornado(model, q));
    }
    return tornado_json(model, take(std::move(*t))).dump();
  }
  if (method != "sobol") throw py::value_error("method: \"tornado\" or \"sobol\"");
  if (auto bad = check_sobol_samples(samples, "samples")) raise({*bad});
  if (auto bad = check_sobol_bootstrap(bootstrap, "bootstrap")) raise({*bad});
  std::optional<Result<SobolResult>> sobol;
  {
    py::gil_scoped_release release;
    sobol.emplace(sobol_indices(model, q, samples, bootstrap, seed, threads));
  }
  return sobol_json(model, take(std::move(*sobol))).dump();
}

// Sobol indices split over their runs (gpugap.dask.sobol): the number of runs, run `run` of the
// design (a NumPy array of the output over the base samples, in base units), and the indices
// from every run as `gpugap sensitivity --method sobol --format json` gives them.
size_t sobol_runs_py(const Loaded& loaded, const std::string& output, uint64_t samples,
                     size_t bootstrap) {
  const Model& model = loaded.evaluated->model;
  const int q = quantity_index(model, output);
  if (auto bad = check_sobol_samples(samples, "samples")) raise({*bad});
  if (auto bad = check_sobol_bootstrap(bootstrap, "bootstrap")) raise({*bad});
  return take(sobol_run_count(model, q));
}

py::array_t<double> sobol_run_py(const Loaded& loaded, const std::string& output, uint64_t samples,
                                 uint64_t seed, size_t run, unsigned threads) {
  const Model& model = loaded.evaluated->model;
  const int q = quantity_index(model, output);
  if (auto bad = check_sobol_samples(samples, "samples")) raise({*bad});
  std::optional<Result<std::vector<double>>> values;
  {
    py::gil_scoped_release release;
    values.emplace(sobol_run(model, q, samples, seed, run, threads));
  }
  std::vector<double> column = take(std::move(*values));
  return py::array_t<double>(static_cast<py::ssize_t>(column.size()), column.data());
}

std::string sobol_merge_py(const Loaded& loaded, const std::string& output, uint64_t samples,
                           size_t bootstrap, uint64_t seed, unsigned threads,
                           const std::vector<py::array_t<double>>& runs) {
  const Model& model = loaded.evaluated->model;
  const int q = quantity_index(model, output);
  if (auto bad = check_sobol_samples(samples, "samples")) raise({*bad});
  if (auto bad = check_sobol_bootstrap(bootstrap, "bootstrap")) raise({*bad});
  std::vector<std::vector<double>> columns;
  for (const auto& run : runs) columns.emplace_back(run.data(), run.data() + run.size());
  std::optional<Result<SobolResult>> sobol;
  {
    py::gil_scoped_release release;
    sobol.emplace(sobol_from_runs(model, q, samples, bootstrap, seed, threads, columns));
  }
  return sobol_json(model, take(std::move(*sobol))).dump();
}

// `gpugap solve SCENARIO --target T --vary V [--between B] --format json`, and its text.
std::pair<std::string, std::string> solve_py(const Loaded& loaded, const std::string& target,
                                             const std::string& vary, const std::string& between) {
  std::optional<Result<Solved>> solved;
  {
    py::gil_scoped_release release;
    Result<Scenario> scenario = load(loaded.source, loaded.sets);
    if (!scenario) {
      solved.emplace(scenario.diagnostics());
    } else {
      solved.emplace(solve_scenario(std::move(*scenario), target, vary, between));
    }
  }
  Solved s = take(std::move(*solved));
  return {solve_json(s, loaded.source.name).dump(), solve_text(s)};
}

// `gpugap fleet SCENARIO --by BY` as JSON, the table and CSV.
std::tuple<std::string, std::string, std::string> fleet_py(const Loaded& loaded,
                                                           const std::string& by) {
  if (by != "vintage" && by != "generation") {
    throw py::value_error("by: \"vintage\" or \"generation\"");
  }
  FleetView view = take(fleet_view(*loaded.evaluated));
  return {render_fleet_json(view, by).dump(), render_fleet_table(view, by),
          render_fleet_csv(view, by)};
}

// `gpugap graph SCENARIO [--year Y]` as JSON, the table and Graphviz's dot.
std::tuple<std::string, std::string, std::string> graph_py(const Loaded& loaded,
                                                           std::optional<int> year) {
  GraphView view = take(graph_view(*loaded.evaluated, year));
  const std::string& id = loaded.evaluated->model.scenario.id;
  return {render_graph_json(id, *view.block, view.snapshot).dump(),
          render_graph_table(id, *view.block, view.snapshot),
          render_graph_dot(id, *view.block, view.snapshot)};
}

// `gpugap diff A B --samples N --seed S --format json`, and its text. Ctrl-C cancels the
// Monte Carlo comparison.
std::pair<std::string, std::string> diff_py(const Loaded& a, const Loaded& b, uint64_t samples,
                                            uint64_t seed, unsigned threads, bool force) {
  MonteCarloSettings settings;
  settings.samples = samples;
  settings.seed = seed;
  settings.threads = threads;
  settings.force = force;
  Interrupts interrupts;
  interrupts.watch(settings);
  std::optional<Result<Diffed>> diffed;
  {
    py::gil_scoped_release release;
    diffed.emplace(diff_scenarios(*a.evaluated, *b.evaluated, settings));
  }
  interrupts.rethrow();
  Diffed d = take(std::move(*diffed));
  return {diff_json(*a.evaluated, *b.evaluated, d).dump(),
          diff_text(*a.evaluated, *b.evaluated, d)};
}

// A read-only NumPy array over a kept column, without a copy: its base is a capsule that holds
// a reference to the column.
py::array view(const std::shared_ptr<SampleColumn>& column) {
  auto* owner = new std::shared_ptr<SampleColumn>(column);
  py::capsule base(owner, [](void* p) { delete static_cast<std::shared_ptr<SampleColumn>*>(p); });
  py::array array(py::dtype::of<double>(), {static_cast<py::ssize_t>(column->size())},
                  {static_cast<py::ssize_t>(sizeof(double))}, column->data(), base);
  py::detail::array_proxy(array.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return array;
}

py::object samples_of(const Run& run, const std::string& name) {
  const Model& model = run.evaluated->model;
  const int q = quantity_index(model, name);
  for (const auto& [kept, years] : run.kept) {
    if (kept != q) continue;
    if (!model.quantities[q].series) return view(years[0]);
    py::list arrays;
    for (const auto& column : years) arrays.append(view(column));
    return arrays;
  }
  throw py::key_error(name + ": its samples were not kept (run(..., keep=[\"" + name + "\"]))");
}

std::string json_of(const Run& run) {
  const Evaluated& e = *run.evaluated;
  return render_json(e.model, e.results, run.selection,
                     run.uncertainty ? &*run.uncertainty : nullptr)
      .dump();
}

// `gpugap run --format vega-lite`: the report's charts of the run.
std::string charts_of(const Run& run) {
  const Evaluated& e = *run.evaluated;
  const auto json =
      render_json(e.model, e.results, run.selection, run.uncertainty ? &*run.uncertainty : nullptr);
  return vega_lite_specs(e.model, e.results, json).dump();
}

std::string text_of(const Run& run) {
  const Evaluated& e = *run.evaluated;
  return render_table(e.model, e.results, run.selection,
                      run.uncertainty ? &*run.uncertainty : nullptr);
}

}  // namespace
}  // namespace gpugap::python

PYBIND11_MODULE(_gpugap, m) {
  using namespace gpugap;
  using namespace gpugap::python;
  m.doc() = "gpugap's engine (the front door, run/): use the gpugap package, not this module";
  m.attr("DEFAULT_SEED") = kDefaultSeed;
  m.attr("DEFAULT_SAMPLES") = kDefaultSamples;
  m.def("scenarios_dir", &scenarios_dir);
  m.def("bundled_names", &bundled_names);

  py::class_<Loaded>(m, "Loaded")
      .def_property_readonly("id", [](const Loaded& l) { return l.evaluated->model.scenario.id; })
      .def_property_readonly("title",
                             [](const Loaded& l) { return l.evaluated->model.scenario.title; })
      .def_property_readonly("path",
                             [](const Loaded& l) { return l.evaluated->model.scenario.path; })
      .def_property_readonly(
          "published",
          [](const Loaded& l) { return publication_line(l.evaluated->model.scenario); })
      .def_property_readonly("names",
                             [](const Loaded& l) { return l.evaluated->model.scenario.names(); })
      .def_property_readonly("years", [](const Loaded& l) { return l.evaluated->model.years(); })
      .def_property_readonly(
          "uncertain", [](const Loaded& l) { return !l.evaluated->model.program.leaves.empty(); })
      .def_property_readonly("sets", [](const Loaded& l) { return l.sets; })
      .def_property_readonly(
          "warnings",
          [](const Loaded& l) { return percent_set_warnings(l.evaluated->model.scenario); })
      .def("run", &run_py, py::arg("samples"), py::arg("seed"), py::arg("threads"),
           py::arg("first_sample"), py::arg("only"), py::arg("keep"), py::arg("force"),
           py::arg("in_units") = true, py::arg("summarise") = true)
      .def("sensitivity", &sensitivity_py, py::arg("output"), py::arg("method"), py::arg("samples"),
           py::arg("bootstrap"), py::arg("seed"), py::arg("threads"))
      .def(
          "explain",
          [](const Loaded& l, const std::string& name, int depth) {
            const Evaluated& e = *l.evaluated;
            return render_explain(e.model, e.results, quantity_index(e.model, name), depth);
          },
          py::arg("name"), py::arg("depth") = kDefaultExplainDepth)
      .def("solve", &solve_py, py::arg("target"), py::arg("vary"), py::arg("between"))
      .def("fleet", &fleet_py, py::arg("by"))
      .def("graph", &graph_py, py::arg("year"))
      .def("sobol_runs", &sobol_runs_py, py::arg("output"), py::arg("samples"),
           py::arg("bootstrap"))
      .def("sobol_run", &sobol_run_py, py::arg("output"), py::arg("samples"), py::arg("seed"),
           py::arg("run"), py::arg("threads"))
      .def("sobol_merge", &sobol_merge_py, py::arg("output"), py::arg("samples"),
           py::arg("bootstrap"), py::arg("seed"), py::arg("threads"), py::arg("runs"))
      .def("merge", &merge_py, py::arg("samples"), py::arg("seed"), py::arg("threads"),
           py::arg("first_sample"), py::arg("only"), py::arg("columns"), py::arg("keep"));

  py::class_<Run>(m, "Run")
      .def("json", &json_of)
      .def("text", &text_of)
      .def("charts", &charts_of)
      .def("samples", &samples_of)
      .def_property_readonly("kept",
                             [](const Run& r) {
                               std::vector<std::string> names;
                               for (const auto& [q, years] : r.kept) {
                                 names.push_back(r.evaluated->model.def(q).name);
                               }
                               return names;
                             })
      .def_property_readonly(
          "samples_run",
          [](const Run& r) -> uint64_t { return r.uncertainty ? r.uncertainty->samples : 0; })
      .def_property_readonly("first_sample", [](const Run& r) { return r.first_sample; });

  m.def("diff", &diff_py, py::arg("a"), py::arg("b"), py::arg("samples"), py::arg("seed"),
        py::arg("threads"), py::arg("force"));
  m.def("load", &load_scenario_py, py::arg("name_or_path"), py::arg("text") = py::none(),
        py::arg("sets") = std::vector<std::string>{});
}
