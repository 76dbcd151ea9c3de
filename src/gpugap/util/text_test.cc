// Unprintable bytes (a binary file given as a scenario) never reach the terminal raw: they show
// as \xHH, in messages and in the quoted source line, with the caret still under its place.
#include "gpugap/util/text.h"

#include <gtest/gtest.h>

#include "gpugap/util/diagnostics.h"

namespace gpugap {
namespace {

TEST(Printable, ValidUtf8IsPrintableControlsAndBrokenSequencesAreNot) {
  EXPECT_EQ(printable_length("a", 0), 1u);
  EXPECT_EQ(printable_length("\t", 0), 1u);
  EXPECT_EQ(printable_length("é", 0), 2u);
  EXPECT_EQ(printable_length("→", 0), 3u);
  EXPECT_EQ(printable_length("😀", 0), 4u);
  EXPECT_EQ(printable_length(std::string("\0", 1), 0), 0u);
  EXPECT_EQ(printable_length("\x1b", 0), 0u);              // escape: would drive the terminal
  EXPECT_EQ(printable_length("\x7f", 0), 0u);              // DEL
  EXPECT_EQ(printable_length("\xc2\x85", 0), 0u);          // a C1 control, U+0085
  EXPECT_EQ(printable_length("\xc3", 0), 0u);              // cut short
  EXPECT_EQ(printable_length("\xc3x", 0), 0u);             // not a continuation
  EXPECT_EQ(printable_length("\xe0\x80\x80", 0), 0u);      // overlong
  EXPECT_EQ(printable_length("\xed\xa0\x80", 0), 0u);      // a surrogate
  EXPECT_EQ(printable_length("\xf4\x90\x80\x80", 0), 0u);  // beyond U+10FFFF
  EXPECT_EQ(printable_length("\xff", 0), 0u);
}

TEST(Printable, EscapeKeepsTextAndNewlinesAndEscapesTheRest) {
  EXPECT_EQ(escape_unprintable("café → ok\n\tnext"), "café → ok\n\tnext");
  EXPECT_EQ(escape_unprintable(std::string("\x7f"
                                           "ELF\x02\0\xd0",
                                           7)),
            "\\x7FELF\\x02\\x00\\xD0");
  EXPECT_EQ(escape_unprintable("\x1b[31mred"), "\\x1B[31mred");
}

TEST(Printable, TheCaretStaysUnderAnEscapedPlace) {
  auto source = SourceText::from_string("b.toml", std::string("\x01\x02x = \"\xd0\"", 9));
  Diagnostic d{{source, 1, 8, 1}, "bad \xd0 byte", "not \x1b text"};
  EXPECT_EQ(format_diagnostic(d),
            "b.toml:1:8: error: bad \\xD0 byte\n"
            "    \\x01\\x02x = \"\\xD0\"\n"
            "                 ^~~~\n"
            "hint: not \\x1B text\n");
}

}  // namespace
}  // namespace gpugap
