// Classifying a source by the host of its URLs (see source_kind.h).
#include "gpugap/scenario/source_kind.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace gpugap {
namespace {

// Companies' and authors' own sites, filings and statistical agencies.
constexpr std::array<std::string_view, 22> kPrimaryHosts = {
    "sec.gov",           "nvidianews.nvidia.com",
    "nvidia.com",        "amd.com",
    "abc.xyz",           "microsoft.com",
    "openai.com",        "anthropic.com",
    "sequoiacap.com",    "mckinsey.com",
    "morganstanley.com", "bain.com",
    "eia.gov",           "bea.gov",
    "capedge.com",       "aboutamazon.com",
    "investor.fb.com",   "oracle.com",
    "broadcom.com",      "coreweave.com",
    "epoch.ai",          "federalreserve.gov"};

// Major news outlets and trade publications that report it themselves (or run a wire story under
// its byline).
constexpr std::array<std::string_view, 43> kSecondaryHosts = {"reuters.com",
                                                              "bloomberg.com",
                                                              "wsj.com",
                                                              "ft.com",
                                                              "cnbc.com",
                                                              "nytimes.com",
                                                              "economist.com",
                                                              "theinformation.com",
                                                              "washingtonpost.com",
                                                              "axios.com",
                                                              "fortune.com",
                                                              "businessinsider.com",
                                                              "theverge.com",
                                                              "techcrunch.com",
                                                              "theregister.com",
                                                              "techradar.com",
                                                              "tomshardware.com",
                                                              "anandtech.com",
                                                              "hothardware.com",
                                                              "techspot.com",
                                                              "sherwood.news",
                                                              "computerweekly.com",
                                                              "datacenterdynamics.com",
                                                              "semianalysis.com",
                                                              "itbrew.com",
                                                              "pymnts.com",
                                                              "calcalistech.com",
                                                              "livemint.com",
                                                              "business-standard.com",
                                                              "brecorder.com",
                                                              "spokesman.com",
                                                              "nasdaq.com",
                                                              "fool.com",
                                                              "bisnow.com",
                                                              "qz.com",
                                                              "the-decoder.com",
                                                              "calcbench.com",
                                                              "investorsobserver.com",
                                                              "cybernews.com",
                                                              "alignmentforum.org",
                                                              "financetom.com",
                                                              "barrons.com",
                                                              "yourstory.com"};

bool host_matches(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

bool starts_with_word(const std::string& text, std::string_view word) {
  size_t start = text.find_first_not_of(" \t\n");
  if (start == std::string::npos || text.size() - start < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[start + i])) != word[i]) return false;
  }
  return true;
}

bool is_assumption(const std::string& text) {
  return starts_with_word(text, "implied by") || starts_with_word(text, "assumption") ||
         starts_with_word(text, "approximation") || starts_with_word(text, "arbitrary");
}

// Lower rank is better.
int rank(SourceKind kind) { return static_cast<int>(kind); }

}  // namespace

SourceKind host_kind(std::string_view host) {
  if (host.starts_with("www.")) host.remove_prefix(4);
  for (auto domain : kPrimaryHosts) {
    if (host_matches(host, domain)) return SourceKind::kPrimary;
  }
  for (auto domain : kSecondaryHosts) {
    if (host_matches(host, domain)) return SourceKind::kSecondary;
  }
  return SourceKind::kWeak;
}

SourceKind classify_source(const std::string& source, const std::string& note,
                           const std::string& published_url) {
  if (source.empty()) return is_assumption(note) ? SourceKind::kAssumption : SourceKind::kNone;
  if (is_assumption(source)) return SourceKind::kAssumption;
  SourceKind best = SourceKind::kNone;
  bool any_url = false;
  for (size_t at = source.find("http"); at != std::string::npos; at = source.find("http", at + 4)) {
    const size_t scheme_end = source.find("://", at);
    if (scheme_end == std::string::npos || scheme_end > at + 5) continue;
    const size_t start = scheme_end + 3;
    size_t end = start;
    while (end < source.size() && source[end] != '/' && source[end] != ' ' && source[end] != ')' &&
           source[end] != ',' && source[end] != ';') {
      ++end;
    }
    std::string host = source.substr(start, end - start);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const SourceKind kind = host_kind(host);
    if (!any_url || rank(kind) < rank(best)) best = kind;
    any_url = true;
  }
  if (any_url) return best;
  if (published_url.empty()) return SourceKind::kWeak;
  return classify_source(published_url, "", "");
}

const char* source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kPrimary:
      return "primary";
    case SourceKind::kSecondary:
      return "secondary";
    case SourceKind::kWeak:
      return "weak";
    case SourceKind::kAssumption:
      return "assumption";
    case SourceKind::kNone:
      return "no source";
  }
  return "no source";
}

}  // namespace gpugap
