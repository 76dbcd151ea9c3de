#include "gpugap/util/csv.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace gpugap {
namespace {

// A file of this test's own (ctest runs tests side by side, and other builds may too).
std::string write_temp(const std::string& text) {
  std::string path = testing::TempDir() + "gpugap_csv_" +
                     testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                     std::to_string(::getpid()) + ".csv";
  std::ofstream(path) << text;
  return path;
}

TEST(Csv, ReadsNamedColumnsInAnyOrderWithQuotes) {
  auto path = write_temp("b,a,extra\n2,\"x, y\",z\n4,w,z\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->get(table->rows[0], "a"), "x, y");
  EXPECT_EQ(table->get(table->rows[0], "b"), "2");
  EXPECT_EQ(table->rows[1].line, 3);
}

TEST(Csv, MissingColumnIsADiagnostic) {
  auto path = write_temp("a\n1\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.diagnostics()[0].message.find("malformed CSV"), std::string::npos);
}

TEST(Csv, ShortRowReportsItsLine) {
  auto path = write_temp("a,b\n1,2\n3\n");
  auto table = read_csv(path, "a", "b");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.diagnostics()[0].where.line, 3);
}

TEST(Csv, BlankLinesAtTheEndAreNoRows) {
  auto path = write_temp("a,b\n1,2\n3,4\n\n\r\n  \n");
  auto table = read_csv(path, "a", "b");
  ASSERT_TRUE(table.ok()) << format_diagnostics(table.diagnostics());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->get(table->rows[1], "b"), "4");
}

TEST(Csv, BlankLinesBetweenRowsAreNoRowsAndLinesStayTheFiles) {
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

TEST(Csv, LineBreakInAQuotedFieldIsNamed) {
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
