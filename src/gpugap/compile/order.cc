// Dependency order: quantities after the quantities they read; a cycle is an error that shows
// its path.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <algorithm>

namespace gpugap {

// Depth-first topological sort; a back edge is a cycle, reported once with its path. The
// walk keeps its own stack: a chain of many thousand quantities must not exhaust the thread's.
void Compiler::order_quantities() {
  const size_t n = m_.quantities.size();
  std::vector<int> state(n, 0);  // 0 unvisited, 1 on the stack, 2 done
  struct Frame {
    int quantity;
    size_t next_dependency;
  };
  std::vector<Frame> stack;
  for (size_t root = 0; root < n; ++root) {
    if (state[root] != 0) continue;
    state[root] = 1;
    stack.push_back({static_cast<int>(root), 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const std::vector<int>& dependencies = m_.quantities[top.quantity].dependencies;
      if (top.next_dependency == dependencies.size()) {
        state[top.quantity] = 2;
        m_.order.push_back(top.quantity);
        stack.pop_back();
        continue;
      }
      int d = dependencies[top.next_dependency++];
      if (state[d] == 2) continue;
      if (state[d] == 1) {
        report_cycle(stack, d);
        return;
      }
      state[d] = 1;
      stack.push_back({d, 0});
    }
  }
}

template <class Stack>
void Compiler::report_cycle(const Stack& stack, int back_to) {
  auto start = std::find_if(stack.begin(), stack.end(),
                            [&](const auto& frame) { return frame.quantity == back_to; });
  std::string path;
  for (auto it = start; it != stack.end(); ++it) path += m_.def(it->quantity).name + " → ";
  path += m_.def(back_to).name;
  diagnostics_.push_back({m_.def(back_to).name_location, fmt::format("cycle: {}", path),
                          "a quantity cannot depend on itself; break the cycle with an input"});
}

}  // namespace gpugap
