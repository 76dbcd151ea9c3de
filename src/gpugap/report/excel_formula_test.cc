#include "gpugap/report/excel_formula.h"

#include <gtest/gtest.h>

#include "gpugap/expr/parser.h"

namespace gpugap {
namespace {

// Scalars a, b, c; kw a cell in kW (1000 W); s a series of three years from 2020.
ExcelContext context() {
  ExcelContext c;
  for (const char* n : {"a", "b", "c"}) c.cells[n] = {n, false, 1};
  c.cells["kw"] = {"kw", false, 1000};
  c.cells["s"] = {"s", true, 1};
  c.cells["fleet.margin"] = {"fleet_margin", false, 1};
  c.first_year = 2020;
  c.years = 3;
  return c;
}

ExcelFormula excel(const std::string& formula, int year = 0) {
  auto parsed = parse_formula(formula, TextOrigin{});
  EXPECT_TRUE(parsed.ok()) << formula;
  if (!parsed.ok()) return {"", "did not parse"};
  return to_excel(**parsed, context(), year);
}

std::string text(const std::string& formula, int year = 0) {
  ExcelFormula f = excel(formula, year);
  EXPECT_TRUE(f.ok()) << formula << ": " << f.why_not;
  return f.text;
}

TEST(ExcelFormula, ArithmeticKeepsItsGrouping) {
  EXPECT_EQ(text("a + b * c"), "a+b*c");
  EXPECT_EQ(text("(a + b) * c"), "(a+b)*c");
  EXPECT_EQ(text("a - (b - c)"), "a-(b-c)");
  EXPECT_EQ(text("a - b - c"), "a-b-c");
  EXPECT_EQ(text("a / (b * c)"), "a/(b*c)");
  EXPECT_EQ(text("a / b * c"), "a/b*c");
  EXPECT_EQ(text("a * -b"), "a*-b");
}

TEST(ExcelFormula, PowersFollowGpugapNotExcelPrecedence) {
  // Excel reads -a^2 as (-a)^2 and a^b^c as (a^b)^c; gpugap means -(a^2) and a^(b^c).
  EXPECT_EQ(text("-a^2"), "-(a^2)");
  EXPECT_EQ(text("(-a)^2"), "(-a)^2");
  EXPECT_EQ(text("a^b^c"), "a^(b^c)");
  EXPECT_EQ(text("(a^b)^c"), "(a^b)^c");
  EXPECT_EQ(text("a^-b"), "a^(-b)");
  EXPECT_EQ(text("2 * a^2"), "2*a^2");
}

TEST(ExcelFormula, NumbersAreInBaseUnits) {
  EXPECT_EQ(text("150B"), "150000000000");
  EXPECT_EQ(text("50%"), "0.5");
  EXPECT_EQ(text("10[GW]"), "10000000000");
  EXPECT_EQ(text("1e-20"), "1E-20");
  EXPECT_EQ(text("a * 2.5"), "a*2.5");
  EXPECT_EQ(excel_number(-2), "(-2)");
}

TEST(ExcelFormula, NamesBecomeDefinedNamesInTheirCellsUnits) {
  EXPECT_EQ(text("fleet.margin * 2"), "fleet_margin*2");
  // A cell in kW holds 1/1000 of the base value (W).
  EXPECT_EQ(text("kw"), "kw*1000");
  EXPECT_EQ(text("kw^2"), "(kw*1000)^2");
  EXPECT_EQ(text("a / kw"), "a/(kw*1000)");
  EXPECT_EQ(text("kw / a"), "kw*1000/a");
}

TEST(ExcelFormula, ComparisonsAndLogicGiveOneOrZero) {
  EXPECT_EQ(text("a == b"), "IF(a=b,1,0)");
  EXPECT_EQ(text("a != b"), "IF(a<>b,1,0)");
  EXPECT_EQ(text("a <= b + c"), "IF(a<=b+c,1,0)");
  EXPECT_EQ(text("not a"), "IF(NOT(a<>0),1,0)");
  EXPECT_EQ(text("if(a > b and not c, a, b)"), "IF(AND(a>b,NOT(c<>0)),a,b)");
  EXPECT_EQ(text("if(a or b < c, 1, 2)"), "IF(OR(a<>0,b<c),1,2)");
  EXPECT_EQ(text("(a > b) * c"), "IF(a>b,1,0)*c");
}

TEST(ExcelFormula, FunctionsWithExcelEquivalents) {
  EXPECT_EQ(text("log(a) + exp(b)"), "LN(a)+EXP(b)");
  EXPECT_EQ(text("min(a, b, c) - max(a, b)"), "MIN(a,b,c)-MAX(a,b)");
  EXPECT_EQ(text("sqrt(abs(a))"), "SQRT(ABS(a))");
  EXPECT_EQ(text("sin(a) * cos(b)"), "SIN(a)*COS(b)");
  EXPECT_EQ(text("clamp(a, b, c)"), "MIN(MAX(a,b),c)");
}

TEST(ExcelFormula, SeriesAreWrittenYearByYear) {
  EXPECT_EQ(text("s * 2", 2), "INDEX(s,1,3)*2");
  EXPECT_EQ(text("year", 1), "2021");
  EXPECT_EQ(text("lag(s, 1)", 0), "0");
  EXPECT_EQ(text("lag(s, 1)", 2), "INDEX(s,1,2)");
  EXPECT_EQ(text("lag(s, 1, a)", 0), "a");
  EXPECT_EQ(text("lag(s, -1)", 2), "0");
  EXPECT_EQ(text("at(s, 2021)"), "INDEX(s,1,2)");
  EXPECT_EQ(text("sum(s)"), "(INDEX(s,1,1)+INDEX(s,1,2)+INDEX(s,1,3))");
  EXPECT_EQ(text("mean(s * 2)"), "(INDEX(s,1,1)*2+INDEX(s,1,2)*2+INDEX(s,1,3)*2)/3");
  EXPECT_EQ(text("cumsum(s)", 1), "(INDEX(s,1,1)+INDEX(s,1,2))");
  EXPECT_EQ(text("growth(a, 10%)", 0), "a");
  EXPECT_EQ(text("growth(a, 10%)", 2), "a*(1+0.1)*(1+0.1)");
  EXPECT_EQ(text("growth(a, s)", 1), "a*(1+INDEX(s,1,2))");
  EXPECT_EQ(text("first_year(s > a)"),
            "IF(INDEX(s,1,1)>a,2020,IF(INDEX(s,1,2)>a,2021,IF(INDEX(s,1,3)>a,2022,\"never\")))");
  EXPECT_EQ(text("npv(a, s)"), "(INDEX(s,1,1)+INDEX(s,1,2)/(1+a)^1+INDEX(s,1,3)/(1+a)^2)");
}

TEST(ExcelFormula, WhatExcelCannotExpressSaysWhy) {
  EXPECT_FALSE(excel("normal(1, 2)").ok());
  EXPECT_FALSE(excel("a * (1 to 2)").ok());
  EXPECT_FALSE(excel("unknown_name + 1").ok());
}

TEST(ExcelNames, CellReferencesAndFunctionsAreReserved) {
  for (const char* name : {"ai1", "AI1", "a1", "xfd1048576", "zzz9", "r1c1", "R1C1", "r", "c", "rc",
                           "r2c", "rc3", "c12", "r5", "true", "FALSE", "sum", "log", "ln"}) {
    EXPECT_TRUE(excel_reserved(name)) << name;
  }
  for (const char* name :
       {"ai_1", "revenue", "rate", "cost", "abcd1", "r1c1x", "rx", "c_1", "a1b", "capex2030x"}) {
    EXPECT_FALSE(excel_reserved(name)) << name;
  }
}

TEST(ExcelNames, MappedNamesAreValidAndUnique) {
  EXPECT_EQ(excel_names({"fleet.cloud_margin", "fleet_cloud_margin", "ai1", "Revenue", "revenue",
                         "r1c1", "sum", "gpu_runrate"}),
            (std::vector<std::string>{"fleet_cloud_margin", "fleet_cloud_margin_2", "ai1_",
                                      "Revenue", "revenue_2", "r1c1_", "sum_", "gpu_runrate"}));
}

}  // namespace
}  // namespace gpugap
