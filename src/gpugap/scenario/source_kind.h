// How good the page is that a scenario input rests on: primary (the company's or author's own
// release, filing or report), secondary (a major or trade outlet), weak (any other page: an
// aggregator, a blog, a copy), an assumption (an input a published figure implies, or ours), or no
// source at all. `gpugap check` counts a scenario's inputs by kind; data/README-actuals.md says the
// same words for the data files' source_kind column.
#pragma once

#include <string>
#include <string_view>

namespace gpugap {

enum class SourceKind { kPrimary, kSecondary, kWeak, kAssumption, kNone };

// The kind of one web host ("www.sec.gov" → primary); unknown hosts are weak.
SourceKind host_kind(std::string_view host);

// The kind of an input with `source` and `note`: the best kind among the URLs its source names;
// a source without a URL cites the scenario's own publication (`published_url`, weak when empty);
// "implied by …" or "assumption …" (in the source, or in the note of an input without a source)
// is an assumption; nothing at all is kNone.
SourceKind classify_source(const std::string& source, const std::string& note,
                           const std::string& published_url);

const char* source_kind_name(SourceKind kind);

}  // namespace gpugap
