// Rating an input's source: by the hosts of its URLs, by the publication when it names none.
#include "gpugap/scenario/source_kind.h"

#include <gtest/gtest.h>

namespace gpugap {
namespace {

TEST(SourceKind, HostsByList) {
  EXPECT_EQ(host_kind("www.sec.gov"), SourceKind::kPrimary);
  EXPECT_EQ(host_kind("nvidianews.nvidia.com"), SourceKind::kPrimary);
  EXPECT_EQ(host_kind("prod-mssip.morganstanley.com"), SourceKind::kPrimary);
  EXPECT_EQ(host_kind("www.cnbc.com"), SourceKind::kSecondary);
  EXPECT_EQ(host_kind("www.thenews.com.pk"), SourceKind::kWeak);
  // A suffix matches only at a dot: notcnbc.com is not cnbc.com.
  EXPECT_EQ(host_kind("notcnbc.com"), SourceKind::kWeak);
}

TEST(SourceKind, TheBestUrlOfASourceCounts) {
  EXPECT_EQ(classify_source("aigazine.com relaying it (https://aigazine.com/x); the report "
                            "itself: https://www.morganstanley.com/insights/y",
                            "", ""),
            SourceKind::kPrimary);
  EXPECT_EQ(classify_source("a copy (https://news.anyfans.com/?p=1)", "", ""), SourceKind::kWeak);
  EXPECT_EQ(classify_source("The Register, https://www.theregister.com/2022/08/02/x/", "", ""),
            SourceKind::kSecondary);
}

TEST(SourceKind, WithoutAUrlTheSourceCitesThePublication) {
  EXPECT_EQ(classify_source("Sequoia 2023: each $1 of GPUs needs $1 of energy", "",
                            "https://www.sequoiacap.com/article/ais-600b-question/"),
            SourceKind::kPrimary);
  EXPECT_EQ(classify_source("WSJ (March 2024): 10 machines", "", ""), SourceKind::kWeak);
}

TEST(SourceKind, AssumptionsAndNothing) {
  EXPECT_EQ(
      classify_source("implied by Bain 2025: $2T needed, $800B short", "", "https://www.bain.com/"),
      SourceKind::kAssumption);
  EXPECT_EQ(classify_source("", "assumption: the seeds' 1 MW is the whole draw", ""),
            SourceKind::kAssumption);
  EXPECT_EQ(classify_source("", "the last year of the path", "https://www.bain.com/"),
            SourceKind::kNone);
  EXPECT_STREQ(source_kind_name(SourceKind::kNone), "no source");
}

}  // namespace
}  // namespace gpugap
