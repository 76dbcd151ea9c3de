// toml++'s implementation, compiled once for the WebAssembly module (natively it is Debian's
// library); every other file includes its header with TOML_HEADER_ONLY=0.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
