// Emscripten 3.1.6 loads the .wasm with fetch() whenever fetch exists, which node (18 and later)
// has but cannot use on a file path: in node, read gpugap.wasm from beside this script instead.
if (typeof process == 'object' && typeof process.versions == 'object' &&
    typeof process.versions.node == 'string' && !Module['wasmBinary']) {
  Module['wasmBinary'] = require('fs').readFileSync(require('path').join(__dirname, 'gpugap.wasm'));
}
