// Text placed into an HTML page: escaped for an element or an attribute, and JSON for a
// <script type="application/json"> element. Shared by the report (html.cc) and the playground.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gpugap {

// `&`, `<`, `>` and `"` as entities: safe inside an element and a double-quoted attribute.
std::string html_escape(std::string_view text);

// JSON inside <script type="application/json">: '<' only occurs inside JSON strings, where
// \u003c means the same, so "</script>" cannot end the element early. Invalid UTF-8 is replaced.
std::string script_json(const nlohmann::json& data);
std::string script_json(const nlohmann::ordered_json& data);

}  // namespace gpugap
