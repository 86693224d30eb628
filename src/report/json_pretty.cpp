#include "report/json_pretty.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report/json_stream.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

void append_json_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out.append("null");
    return;
  }
  const std::size_t at = out.size();
  fmt::format_to(std::back_inserter(out), "{}", v);
  // fmt prints an integral double as "100"; nlohmann (and JSON readers that keep the type) say "100.0".
  if (out.find_first_of(".e", at) == std::string::npos) out.append(".0");
}

PrettyJson::PrettyJson(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {
  buf_.reserve((1u << 20) + 4096);
}

void PrettyJson::indent(std::size_t depth) {
  buf_.push_back('\n');
  buf_.append(2 * depth, ' ');
}

void PrettyJson::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  if (!stack_.back().empty) buf_.push_back(',');
  stack_.back().empty = false;
  indent(stack_.size());
}

PrettyJson& PrettyJson::key(std::string_view k) {
  before_value();
  append_json_string(buf_, k);
  buf_.append(": ");
  after_key_ = true;
  return *this;
}

void PrettyJson::open(char bracket, bool object) {
  before_value();
  buf_.push_back(bracket);
  stack_.push_back({object, true});
}

void PrettyJson::close(char bracket) {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) indent(stack_.size());  // dump(2) writes an empty container as {} or []
  buf_.push_back(bracket);
  maybe_flush();
}

void PrettyJson::begin_object() { open('{', true); }
void PrettyJson::begin_array() { open('[', false); }
void PrettyJson::end_object() { close('}'); }
void PrettyJson::end_array() { close(']'); }

void PrettyJson::value(std::int64_t v) {
  before_value();
  append_int(buf_, v);
}

void PrettyJson::value(double v) {
  before_value();
  append_json_double(buf_, v);
}

void PrettyJson::value(bool v) {
  before_value();
  buf_.append(v ? "true" : "false");
}

void PrettyJson::value(std::string_view v) {
  before_value();
  append_json_string(buf_, v);
  maybe_flush();
}

void PrettyJson::null() {
  before_value();
  buf_.append("null");
}

void PrettyJson::dom(const nlohmann::json& v) {
  before_value();
  // dump(2) lays the value out from column 0; every line after the first moves right by this depth's
  // indent. Newlines inside strings are escaped by dump, so each '\n' is a line break of the layout.
  const std::string text = v.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string pad(2 * stack_.size(), ' ');
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    buf_.append(text, from, nl + 1 - from);
    buf_.append(pad);
  }
  buf_.append(text, from, std::string::npos);
  maybe_flush();
}

void PrettyJson::maybe_flush() {
  if (buf_.size() >= (1u << 20)) {
    sink_(buf_);
    buf_.clear();
  }
}

void PrettyJson::finish() {
  buf_.push_back('\n');
  sink_(buf_);
  buf_.clear();
}

}  // namespace llmsa::report
