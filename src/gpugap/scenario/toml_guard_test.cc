// The pre-check before toml++: inputs on which toml++ 3.3.0 reaches undefined behaviour (found by
// fuzzing, issue 15) get a located syntax error and never reach the parser; everything else is
// left to toml++. The messages for the parse_key cases are those toml++'s release build gives.
// Built with -DGPUGAP_TOML_HEADER_ONLY=ON (the asan preset), these tests run toml++ compiled from
// its header with its assertions on, under UBSan: a hazard the pre-check missed aborts them.
#include "gpugap/scenario/toml_guard.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gpugap/scenario/scenario.h"

namespace gpugap {
namespace {

// "line:column description" of the error parse_toml throws, or "ok".
std::string outcome(const std::string& text) {
  try {
    (void)parse_toml(text, "f.toml");
    return "ok";
  } catch (const toml::parse_error& e) {
    return std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) +
           " " + std::string(e.description());
  }
}

constexpr const char* kKeyError =
    "Error while parsing key: expected bare key starting character or string delimiter, saw ";

TEST(TomlGuard, CharactersTomlCannotClassifyAsWhitespace) {
  // The 2-byte file U+03CD: toml++ asks whether it is whitespace and falls off its table.
  EXPECT_TRUE(find_toml_hazard("\xcf\x8d").has_value());
  EXPECT_EQ(outcome("\xcf\x8d"), "1:1 unexpected character '\xcf\x8d' (U+03CD)");
  EXPECT_EQ(outcome("a = 1\xcf\x8d\n"), "1:6 unexpected character '\xcf\x8d' (U+03CD)");
  EXPECT_EQ(outcome("a\xe3\x80\x81 = 1\n"), "1:2 unexpected character '\xe3\x80\x81' (U+3001)");
  EXPECT_EQ(outcome("x = 1\n[ \xef\xbb\xbe]\n"),
            "2:3 unexpected character '\xef\xbb\xbe' (U+FEFE)");
  // Columns count characters, as toml++'s do.
  EXPECT_EQ(outcome("a = \"\xc3\xa9\" \xc2\xa1\n"), "1:9 unexpected character '\xc2\xa1' (U+00A1)");
}

TEST(TomlGuard, InsideABareValueQuotesAndAll) {
  // toml++ reads a number, date or boolean up to a space, ']', '}', ',' or '#', asking of each
  // character whether it is whitespace; a quote there starts no string (found by fuzz_scenario).
  const std::string found("x = 1\"\0\0\0\x0f\xcf\x8d\"\"\"\n", 16);
  EXPECT_EQ(find_toml_hazard(found)->offset, 10u);
  // What toml++ says of the number once it has read it (it reads up to the end of the line).
  EXPECT_EQ(outcome(found), "1:6 Error while parsing decimal integer: expected digit, saw '\"'");
  EXPECT_TRUE(find_toml_hazard("x = 1.\"\xcf\x8d\"\n").has_value());
  EXPECT_TRUE(find_toml_hazard("x = [1, 2\xcf\x8d]\n").has_value());
  EXPECT_TRUE(find_toml_hazard("x = { a = true\xcf\x8d }\n").has_value());
  // Keys and strings are not bare values.
  for (const char* text :
       {"a.\"\xcf\x8d\" = 1\n", "x = [\"\xcf\x8d\", '\xcf\x8d', { a = \"\xcf\x8d\" }]\n",
        "x = { \"\xcf\x8d\" = 1, b.\"\xcf\x8d\" = [\"\xcf\x8d\"] }\n"}) {
    EXPECT_FALSE(find_toml_hazard(text).has_value()) << text;
    EXPECT_EQ(outcome(text), "ok") << text;
  }
}

TEST(TomlGuard, InsideAMultiLineStringAfterABackslash) {
  EXPECT_EQ(outcome("x = \"\"\"\\\xcf\x8d\"\"\"\n"),
            "1:9 Error while parsing string: unknown escape sequence '\\\xcf\x8d'");
  EXPECT_EQ(outcome("x = \"\"\"\\\n  \xcf\x8d\"\"\"\n"),
            "2:3 Error while parsing string: '\xcf\x8d' (U+03CD) after a line-ending backslash; "
            "start the line with another character");
}

TEST(TomlGuard, TableHeadersThatDoNotStartWithAKey) {
  EXPECT_EQ(outcome("[=]\n"), std::string("1:2 ") + kKeyError + "'='");
  EXPECT_EQ(outcome("[[#]]\n"), std::string("1:3 ") + kKeyError + "'#'");
  EXPECT_EQ(outcome("[[[a]]]\n"), std::string("1:3 ") + kKeyError + "'['");
  EXPECT_EQ(outcome("[\n"), std::string("1:2 ") + kKeyError + "'\\n'");
  EXPECT_EQ(outcome("[\xe4\xb8\xad]\n"), std::string("1:2 ") + kKeyError + "'\xe4\xb8\xad'");
  EXPECT_EQ(outcome("a = [\n  1,\n]\n[=]\n"), std::string("4:2 ") + kKeyError + "'='");
  // After a byte order mark, which toml++ skips (found by fuzz_scenario).
  EXPECT_EQ(outcome("\xef\xbb\xbf[=]\n"), std::string("1:2 ") + kKeyError + "'='");
  EXPECT_EQ(outcome("x = 1\n  [ \"a\"]\n[ =]\n"), std::string("3:3 ") + kKeyError + "'='");
}

TEST(TomlGuard, AnArrayElementThatStartsWithABrace) {
  // toml++'s parse_value assumes a value does not start with '}' (found by fuzz_scenario).
  EXPECT_EQ(outcome("x = [}\n"), "1:6 Error while parsing value: could not determine value type");
  EXPECT_EQ(outcome("x = [1, }\n"),
            "1:9 Error while parsing value: could not determine value type");
  EXPECT_EQ(outcome("x = [ # c\n  }\n"),
            "2:3 Error while parsing value: could not determine value type");
  EXPECT_FALSE(find_toml_hazard("x = [{}, { a = [] }]\n").has_value());
}

TEST(TomlGuard, AnEarlierErrorIsTomlsOwn) {
  // toml++ reads from the start: what it finds before the hazard is what it reports.
  EXPECT_EQ(outcome("a = ]\n\xcf\x8d"),
            "1:5 Error while parsing key-value pair: expected value, saw ']'");
  // An error only because the text is cut at the hazard is not.
  EXPECT_EQ(outcome("a = \xcf\x8d"), "1:5 unexpected character '\xcf\x8d' (U+03CD)");
}

TEST(TomlGuard, LeavesEverythingElseToToml) {
  const char* safe[] = {
      "# \xcf\x8d in a comment\nx = \"\xcf\x8d\"\ny = '\xcf\x8d'\nz = \"\"\"\xcf\x8d\"\"\"\n",
      "w = '''\\\xcf\x8d'''\nv = \"\\u03CD\"\n",
      "a = [1, [2]]\n[t]\nb = { c = [3] }\n[[u]]\n[ v . w ]\n['q']\n",
      "s = \"\"\"a\"\"\"\"\"\n[t]\n",
      "a = [\n  \"[=]\",\n  # [=]\n]\n",
  };
  for (const char* text : safe) {
    EXPECT_FALSE(find_toml_hazard(text).has_value()) << text;
    EXPECT_EQ(outcome(text), "ok") << text;
  }
  // Invalid UTF-8 is toml++'s to refuse (cli.binary_file): 0xD0 is no U+00D0.
  EXPECT_FALSE(find_toml_hazard("\x7f"
                                "ELF\xd0"
                                "a\n")
                   .has_value());
  // Errors toml++ gives safely stay its own.
  EXPECT_FALSE(find_toml_hazard("[]\n").has_value());
  EXPECT_FALSE(find_toml_hazard("[ [a]]\n").has_value());
  EXPECT_EQ(outcome("[]\n"),
            "1:2 Error while parsing table header: tables with blank bare keys are explicitly "
            "prohibited");
}

TEST(TomlGuard, NoScenarioIsRefused) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GPUGAP_SOURCE_SCENARIOS)) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(find_toml_hazard(text.str()).has_value()) << entry.path();
    ++files;
  }
  EXPECT_GT(files, 10);
}

TEST(TomlGuard, TheLoaderReportsItAsASyntaxError) {
  auto loaded = load_scenario_text("f.toml", "\xcf\x8d");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(format_diagnostics(loaded.diagnostics()),
            "f.toml:1:1: error: TOML syntax: unexpected character '\xcf\x8d' (U+03CD)\n"
            "    \xcf\x8d\n"
            "    ^\n"
            "hint: see docs/scenario-format.md for the file format\n");
}

}  // namespace
}  // namespace gpugap
