// The playground's page (docs/playground.md): one self-contained HTML file with a scenario editor
// beside its results, computed in the page by the engine as WebAssembly (wasm/, docs/wasm.md).
// The page carries the playground's script and style (web/src/playground/, built with esbuild and
// embedded in the binary at build time), the engine as the report carries it
// (report/engine_embed.h) and the bundled scenarios' text (to fork).
// Its Content-Security-Policy forbids every network request: it works from file:// and offline.
#pragma once

#include <string>
#include <string_view>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

// The page, opening on `text` as the scenario `name` ("sequoia-2024"). Diagnostic when the binary
// was built without the playground's script or without the WebAssembly engine.
Result<std::string> render_playground_html(const std::string& name, const std::string& text);

// The page on the scenario file at `path`, known by its file name without .toml. Its `extends`
// may name a bundled scenario, not a file beside it: the page has no files.
Result<std::string> render_playground_file(const std::string& path);

// The playground's built script and style (generated at build time from web/src/playground/);
// empty when the binary was built without Node.js or web/node_modules.
std::string_view playground_script();
std::string_view playground_style();

}  // namespace gpugap
