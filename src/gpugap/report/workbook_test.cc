#include "gpugap/report/workbook.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

const char* kScenario = R"toml(
[time]
years = "2025..2027"
[quantities]
price = { value = "2", unit = "USD" }
volume = { value = "100 to 300" }
revenue = { value = "price * volume", unit = "USD" }
path = { value = "growth(revenue, 10%)", unit = "USD" }
draw = { value = "revenue * (0.9 to 1.1)", unit = "USD" }
)toml";

struct Folder {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("gpugap-workbook-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  Folder() { std::filesystem::create_directories(path); }
  ~Folder() { std::filesystem::remove_all(path); }
};

TEST(Workbook, CountsInputsFormulasAndValues) {
  if (!workbook_available()) GTEST_SKIP() << "built without libxlsxwriter";
  auto evaluated = evaluate(ScenarioSource::text_of("test.toml", kScenario));
  ASSERT_TRUE(evaluated.ok());
  Folder folder;
  std::string path = (folder.path / "model.xlsx").string();
  auto written = write_workbook(evaluated->model, evaluated->results, path);
  ASSERT_TRUE(written.ok()) << format_diagnostics(written.diagnostics());
  EXPECT_EQ(written->inputs, 2);
  EXPECT_EQ(written->formulas, 2);  // revenue, path
  EXPECT_EQ(written->values, 1);    // draw: a distribution
  std::ifstream in(path, std::ios::binary);
  std::string magic(2, '\0');
  in.read(magic.data(), 2);
  EXPECT_EQ(magic, "PK");  // a zip file, as .xlsx is
}

TEST(Workbook, RefusesAPathItCannotWriteAndLeavesNoFile) {
  if (!workbook_available()) GTEST_SKIP() << "built without libxlsxwriter";
  auto evaluated = evaluate(ScenarioSource::text_of("test.toml", kScenario));
  ASSERT_TRUE(evaluated.ok());
  Folder folder;
  std::string path = (folder.path / "missing" / "model.xlsx").string();
  auto written = write_workbook(evaluated->model, evaluated->results, path);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.diagnostics().front().message.find("cannot write"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(folder.path));
}

}  // namespace
}  // namespace gpugap
