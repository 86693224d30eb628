#pragma once
// Escaping for the one HTML page llmsa writes (report.html). Trace names are untrusted text: a kernel
// may be called "<img src=x onerror=alert(1)>" or "</script><script>...". The page carries all of its
// data as JSON inside <script type="application/json"> and its script inserts names with textContent,
// so only two escapes are needed on the C++ side, and both are here.
#include <cstddef>
#include <string>
#include <string_view>

namespace llmsa::report {

// JSON text made safe to sit between <script type="application/json"> and </script>: '<', '>' and '&'
// become \u003c, \u003e, \u0026 (so neither "</script>" nor "<!--" can appear), and U+2028 / U+2029
// become \u2028 / \u2029 (legal in JSON strings, but line terminators in older JavaScript parsers).
// Those characters only occur inside JSON strings, where the \u form means the same character, so
// JSON.parse returns exactly the original data. `json` must be JSON text (e.g. nlohmann dump()).
std::string escape_json_for_script(std::string_view json);
// The same, appended to `out` (the page is assembled without a second copy of its data).
void append_json_for_script(std::string& out, std::string_view json);

// Text for an HTML element body or a quoted attribute value: & < > " ' as character references.
std::string escape_html_text(std::string_view text);

// At most `max_bytes` bytes of `s`, cut at a UTF-8 code point boundary, with "…" appended when cut
// (the result may then be up to max_bytes + 3 bytes). Keeps embedded names bounded without ever
// splitting a multi-byte character.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace llmsa::report
