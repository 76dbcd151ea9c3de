// The compiler's front: a loaded scenario in, a Model (compile/model.h) or the diagnostics that
// say why not out. Parsing every formula, resolving names, ordering, checking units and shapes
// and emitting the Program are compile/'s own business (compile/compiler.h).
#pragma once

#include "gpugap/compile/model.h"
#include "gpugap/scenario/scenario.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

Result<Model> compile(Scenario scenario);

}  // namespace gpugap
