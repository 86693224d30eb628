#include "model/config_fields.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace llmsa::model {

std::string json_type_name(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return fmt::format("integer {}", v.dump());
  if (v.is_number()) return fmt::format("number {}", v.dump());
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.size() > 40) s = s.substr(0, 40) + "...";
    return fmt::format("string \"{}\"", s);
  }
  if (v.is_array()) return "an array";
  return "an object";
}

ConfigObject::ConfigObject(const nlohmann::json& obj, std::string file, std::string path, const ConfigObject* fallback)
    : obj_(&obj), file_(std::move(file)), path_(std::move(path)), fallback_(fallback) {}

std::pair<const nlohmann::json*, const ConfigObject*> ConfigObject::find(std::string_view name) const {
  if (obj_->is_object()) {
    auto it = obj_->find(std::string(name));
    if (it != obj_->end() && !it->is_null()) return {&*it, this};
  }
  if (fallback_ != nullptr) return fallback_->find(name);
  return {nullptr, nullptr};
}

bool ConfigObject::has(std::string_view name) const { return find(name).first != nullptr; }

std::string ConfigObject::path_of(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

void ConfigObject::fail(std::string_view name, const std::string& message) const {
  auto [v, owner] = find(name);
  const std::string field = owner != nullptr ? owner->path_of(name) : path_of(name);
  throw_bad_input({file_, -1, -1, field}, message);
}

std::int64_t ConfigObject::integer(std::string_view name, const nlohmann::json& v, const ConfigObject& owner) const {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > (1ULL << 50))
      throw_bad_input({file_, -1, -1, owner.path_of(name)}, fmt::format("expected a size, found {} (too large)", v.dump()));
    const std::int64_t x = v.get<std::int64_t>();
    if (x > (std::int64_t{1} << 50) || x < -(std::int64_t{1} << 50))
      throw_bad_input({file_, -1, -1, owner.path_of(name)}, fmt::format("expected a size, found {} (too large)", x));
    return x;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return static_cast<std::int64_t>(d);
  }
  throw_bad_input({file_, -1, -1, owner.path_of(name)}, fmt::format("expected an integer, found {}", json_type_name(v)));
}

std::int64_t ConfigObject::positive(std::string_view name) const {
  auto [v, owner] = find(name);
  if (v == nullptr) throw_bad_input({file_, -1, -1, path_of(name)}, "required field is missing");
  const std::int64_t x = integer(name, *v, *owner);
  if (x <= 0) throw_bad_input({file_, -1, -1, owner->path_of(name)}, fmt::format("expected a positive integer, found {}", x));
  return x;
}

std::optional<std::int64_t> ConfigObject::opt_positive(std::string_view name) const {
  if (!has(name)) return std::nullopt;
  return positive(name);
}

std::int64_t ConfigObject::non_negative_or(std::string_view name, std::int64_t fallback) const {
  auto [v, owner] = find(name);
  if (v == nullptr) return fallback;
  const std::int64_t x = integer(name, *v, *owner);
  if (x < 0) throw_bad_input({file_, -1, -1, owner->path_of(name)}, fmt::format("expected a non-negative integer, found {}", x));
  return x;
}

bool ConfigObject::bool_or(std::string_view name, bool fallback) const {
  auto [v, owner] = find(name);
  if (v == nullptr) return fallback;
  if (!v->is_boolean())
    throw_bad_input({file_, -1, -1, owner->path_of(name)}, fmt::format("expected true or false, found {}", json_type_name(*v)));
  return v->get<bool>();
}

std::optional<std::string> ConfigObject::opt_string(std::string_view name) const {
  auto [v, owner] = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string())
    throw_bad_input({file_, -1, -1, owner->path_of(name)}, fmt::format("expected a string, found {}", json_type_name(*v)));
  return v->get<std::string>();
}

const nlohmann::json* ConfigObject::raw(std::string_view name) const { return find(name).first; }

std::optional<ConfigObject> ConfigObject::child(std::string_view name) const {
  auto [v, owner] = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object())
    throw_bad_input({file_, -1, -1, owner->path_of(name)}, fmt::format("expected an object, found {}", json_type_name(*v)));
  return ConfigObject(*v, file_, owner->path_of(name), nullptr);
}

}  // namespace llmsa::model
