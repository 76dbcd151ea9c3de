// gpugap: the economics of AI compute, from sourced scenario files.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <iostream>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/util/text.h"

int main(int argc, char** argv) {
  using namespace gpugap::cli;
  CLI::App app{
      "gpugap: how much revenue must the buyers of AI data-center GPUs earn to pay for them,\n"
      "how far today's AI revenue falls short, and how sure we can be. Every input is sourced,\n"
      "every published analysis is a scenario file you can vary (docs/scenario-format.md)."};
  app.require_subcommand(0, 1);
  int exit_code = kExitOk;
  add_run(app, exit_code);
  add_check(app, exit_code);
  add_explain(app, exit_code);
  add_diff(app, exit_code);
  add_list(app, exit_code);
  add_version(app, exit_code);
  add_sensitivity(app, exit_code);
  add_solve(app, exit_code);
  add_report(app, exit_code);
  add_serve(app, exit_code);
  add_graph(app, exit_code);
  add_fleet(app, exit_code);
  add_data(app, exit_code);
  add_export(app, exit_code);
  add_playground(app, exit_code);
  app.set_version_flag("--version", std::string("gpugap ") + GPUGAP_VERSION,
                       "Print gpugap's version");
  // A mistyped command ("rnu"): its name and the closest, not CLI11's "not expected".
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
    }
    std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      std::string guess = gpugap::closest_name(given, names);
      return report({{{},
                      fmt::format("'{}' is not a gpugap command", given),
                      guess.empty() ? "gpugap --help lists the commands"
                                    : fmt::format("did you mean '{}'?", guess)}});
    }
  }
  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
      return kExitOk;
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  } catch (const std::exception& e) {
    // A bug, not a user mistake: say so plainly rather than crash.
    std::cerr << fmt::format("gpugap: internal error: {}\n", e.what());
    return 3;
  }
  return exit_code;
}
