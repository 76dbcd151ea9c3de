#include "gpugap/util/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace gpugap {
namespace {

std::string write_temp(const std::string& text) {
  std::string path = testing::TempDir() + "gpugap_csv_test.csv";
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

}  // namespace
}  // namespace gpugap
