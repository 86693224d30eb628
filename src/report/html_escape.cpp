#include "report/html_escape.hpp"

#include <array>

namespace llmsa::report {

void append_json_for_script(std::string& out, std::string_view json) {
  // Bytes that may need a rewrite: '<', '>', '&' and 0xE2 (the lead byte of U+2028 / U+2029). Runs of
  // other bytes, nearly all of the page's data, are copied in one append each.
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t['<'] = t['>'] = t['&'] = t[0xE2] = true;
    return t;
  }();
  out.reserve(out.size() + json.size() + json.size() / 16);
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < json.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(json[i]);
    if (!kSpecial[c]) continue;
    const char* rewrite = nullptr;
    std::size_t width = 1;
    switch (c) {
      case '<': rewrite = "\\u003c"; break;
      case '>': rewrite = "\\u003e"; break;
      case '&': rewrite = "\\u0026"; break;
      default:
        // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
        if (i + 2 < json.size() && static_cast<unsigned char>(json[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(json[i + 2]) == 0xA8 || static_cast<unsigned char>(json[i + 2]) == 0xA9)) {
          rewrite = static_cast<unsigned char>(json[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          width = 3;
        }
    }
    if (!rewrite) continue;
    out.append(json.data() + run, i - run);
    out += rewrite;
    i += width - 1;
    run = i + 1;
  }
  out.append(json.data() + run, json.size() - run);
}

std::string escape_json_for_script(std::string_view json) {
  std::string out;
  append_json_for_script(out, json);
  return out;
}

std::string escape_html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut falls before a lead byte.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace llmsa::report
