#include "report/report_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace llmsa::report {

std::string fixed3(double v) { return std::isfinite(v) ? fmt::format("{:.3f}", v) : std::string("-"); }

std::string percent(double share) { return std::isfinite(share) ? fmt::format("{:.1f}%", 100.0 * share) : std::string("-"); }

double share_of(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

std::string exact_us(std::int64_t ns) {
  std::string out;
  append_exact_us(out, ns);
  return out;
}

void append_exact_us(std::string& out, std::int64_t ns) {
  char buf[kExactUsMaxChars];
  out.append(buf, write_exact_us(buf, ns));
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string md_cell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '`': out += "\\`"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string md_name(std::string_view s, std::size_t max) {
  const std::string v = valid_utf8(s);
  std::size_t chars = 0, i = 0;
  for (; i < v.size(); ++i)
    if ((static_cast<unsigned char>(v[i]) & 0xC0) != 0x80 && ++chars > max) break;
  return i < v.size() ? md_cell(std::string_view(v).substr(0, i)) + "…" : md_cell(v);
}

std::string md_code(std::string_view s) {
  std::string clean;
  for (char c : s)
    if (c != '`' && c != '\n' && c != '\r' && c != '|') clean += c;
  return "`" + clean + "`";
}

std::string md_ids(std::span<const std::string> ids, std::size_t max) {
  if (ids.empty()) return "none";
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += (i ? ", " : "") + md_code(ids[i]);
  if (ids.size() > max) out += fmt::format(" (+{} more)", ids.size() - max);
  return out;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len > 1) {  // reject overlong forms, surrogates and code points above U+10FFFF
      std::uint32_t cp = c & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
      const std::uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= min_cp[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok && len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') ok = false;  // XML 1.0 forbids them
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string_view base_name(std::string_view path) {
  const auto pos = path.find_last_of("/\\");
  return pos == std::string_view::npos ? path : path.substr(pos + 1);
}

}  // namespace llmsa::report
