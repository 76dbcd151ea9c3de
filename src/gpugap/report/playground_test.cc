#include "gpugap/report/playground.h"

#include <gtest/gtest.h>

#include <string>

#include "gpugap/report/engine_embed.h"

namespace gpugap {
namespace {

TEST(Playground, PageCarriesTextScenariosAndPolicyOrSaysWhatIsMissing) {
  auto page = render_playground_html("mine", "title = \"</script><b>\"\n");
  if (playground_script().empty() || !has_web_engine()) {
    ASSERT_FALSE(page);
    EXPECT_NE(page.diagnostics().front().hint, "");
    GTEST_SKIP() << "built without the playground's script or the WebAssembly engine";
  }
  ASSERT_TRUE(page) << page.diagnostics().front().message;
  EXPECT_NE(page->find("connect-src 'none'"), std::string::npos);
  EXPECT_NE(page->find("worker-src blob:"), std::string::npos);
  // The text is in the data, where "</script>" cannot end the element.
  EXPECT_EQ(page->find("</script><b>"), std::string::npos);
  EXPECT_NE(page->find("\\u003c/script>\\u003cb>"), std::string::npos);
  EXPECT_NE(page->find("\"sequoia-2024-uncertain\":"), std::string::npos);
  EXPECT_NE(page->find("<title>mine — gpugap playground</title>"), std::string::npos);
}

}  // namespace
}  // namespace gpugap
