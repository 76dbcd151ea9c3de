#include "gpugap/util/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "gpugap/util/testing.h"

namespace gpugap {
namespace {

// Each test writes its CSV text to a file of its own.
class CsvFile : public testing::TempFolder {
 protected:
  std::string write_temp(const std::string& text) { return write("test.csv", text); }
};

TEST_F(CsvFile, ReadsNamedColumnsInAnyOrderWithQuotes) {
  auto path = write_temp("b,a,extra\n2,\"x, y\",z\n4,w,z\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->get(table->rows[0], "a"), "x, y");
  EXPECT_EQ(table->get(table->rows[0], "b"), "2");
  EXPECT_EQ(table->rows[1].line, 3);
}

// The parser reads one byte past a last line without '\n' (and runs on when that byte is '\n'):
// parse_csv ends the text with one. The WebAssembly build, whose heap is reused, asserts there
// (wasm.native_parity ran into it); here the rows must be the same either way.
TEST(Csv, TheLastLineIsReadWithOrWithoutItsLineBreak) {
  for (const char* text : {"a,b\n1,2\n3,4", "a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n\n\n"}) {
    auto table = parse_csv("t.csv", text, "a", "b");
    ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
    ASSERT_EQ(table->rows.size(), 2u) << text;
    EXPECT_EQ(table->get(table->rows[1], "b"), "4") << text;
  }
}

TEST_F(CsvFile, MissingColumnIsADiagnostic) {
  auto path = write_temp("a\n1\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.diagnostics()[0].message.find("malformed CSV"), std::string::npos);
}

TEST_F(CsvFile, ShortRowReportsItsLine) {
  auto path = write_temp("a,b\n1,2\n3\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.diagnostics()[0].where.line, 3);
}

TEST_F(CsvFile, BlankLinesAtTheEndAreNoRows) {
  auto path = write_temp("a,b\n1,2\n3,4\n\n\r\n  \n");
  auto table = read_csv(path, "a", "b");
  ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->get(table->rows[1], "b"), "4");
}

TEST_F(CsvFile, BlankLinesBetweenRowsAreNoRowsAndLinesStayTheFiles) {
  auto table = read_csv(write_temp("\na,b\n1,2\n\n  \n3,4\n"), "a", "b");
  ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].line, 3);
  EXPECT_EQ(table->rows[1].line, 6);
  EXPECT_EQ(table->get(table->rows[1], "a"), "3");
  // An error after blank lines names the file's line, once.
  table = read_csv(write_temp("a,b\n\n1,2\n\n3\n"), "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.diagnostics()[0].where.line, 5);
  EXPECT_EQ(table.diagnostics()[0].message, "malformed CSV: Too few columns");
}

TEST_F(CsvFile, LineBreakInAQuotedFieldIsNamed) {
  auto path = write_temp("a,b\n1,\"two\nlines\"\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.diagnostics()[0].where.line, 2);
  EXPECT_EQ(table.diagnostics()[0].message,
            "malformed CSV: a quoted field is not closed on its line (a field cannot hold a line "
            "break)");
}

}  // namespace
}  // namespace gpugap
