// Percent traps, caught where a person meets them: an input written "40%" with no declared unit
// is shown in %, not as 0.4; a bare number between 0 and 1 given with --set to a quantity in %
// (which reads it as percent: 0.5 is 0.5%) draws a warning that names both readings.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

// Gives the unit % to every input with no declared unit, no dimension, and a value written with
// "%" ("40%", "20% to 60%", a yearly table of percentages), and to its random leaves, so that
// every output shows it as written: 40%, its range 20.1% to 60%. Values (base units) do not change.
void show_written_percentages(Model& model);

// One warning per --set that gives a bare number between 0 and 1 to a quantity declared in %:
// "--set end_user_margin=0.5: 0.5 here is 0.5%; for 50% write 50%".
std::vector<std::string> percent_set_warnings(const Scenario& scenario);

}  // namespace gpugap
