#pragma once

namespace Leadline::RuleLimits {

/// Longest condition text accepted, in UTF-8 bytes.
inline constexpr int maxSourceBytes = 4096;
/// Deepest nesting of brackets, lists, function calls, "not" and unary minus.
inline constexpr int maxNesting = 32;
/// Most syntax-tree nodes a condition may have.
inline constexpr int maxNodes = 1000;

} // namespace Leadline::RuleLimits
