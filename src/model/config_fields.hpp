#pragma once
// Typed access to the fields of a config.json object. Every failure names the file and the
// field's JSON path ("text_config.num_key_value_heads") and says what was expected and found.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmsa::model {

class ConfigObject {
 public:
  // `fallback`: an enclosing object searched when a field is absent here (a nested text_config
  // falls back to the top level, where some multimodal configs keep shared fields).
  ConfigObject(const nlohmann::json& obj, std::string file, std::string path, const ConfigObject* fallback = nullptr);

  bool has(std::string_view name) const;  // present and not null (here or in the fallback)
  std::string path_of(std::string_view name) const;

  std::int64_t positive(std::string_view name) const;  // required, > 0
  std::optional<std::int64_t> opt_positive(std::string_view name) const;
  std::int64_t non_negative_or(std::string_view name, std::int64_t fallback) const;
  bool bool_or(std::string_view name, bool fallback) const;
  std::optional<std::string> opt_string(std::string_view name) const;
  const nlohmann::json* raw(std::string_view name) const;  // nullptr when absent or null
  std::optional<ConfigObject> child(std::string_view name) const;  // a nested object, if present

  [[noreturn]] void fail(std::string_view name, const std::string& message) const;
  const std::string& file() const { return file_; }

 private:
  std::pair<const nlohmann::json*, const ConfigObject*> find(std::string_view name) const;
  std::int64_t integer(std::string_view name, const nlohmann::json& v, const ConfigObject& owner) const;

  const nlohmann::json* obj_;
  std::string file_;
  std::string path_;
  const ConfigObject* fallback_;
};

// A JSON value's type in words ("string", "array", ...), for error messages.
std::string json_type_name(const nlohmann::json& v);

}  // namespace llmsa::model
