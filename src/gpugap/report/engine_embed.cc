#include "gpugap/report/engine_embed.h"

namespace gpugap {

bool has_web_engine() { return !web_engine_script().empty() && !web_engine_wasm().empty(); }

std::string engine_elements() {
  if (!has_web_engine()) return {};
  std::string out;
  out.reserve(web_engine_script().size() + web_engine_wasm().size() + 256);
  // Data the page's script reads, not run as it is.
  out += "<script type=\"application/gzip;base64\" id=\"gpugap-engine-script\">";
  out += web_engine_script();
  out += "</script>\n<script type=\"application/gzip;base64\" id=\"gpugap-engine-wasm\">";
  out += web_engine_wasm();
  out += "</script>\n";
  return out;
}

}  // namespace gpugap
