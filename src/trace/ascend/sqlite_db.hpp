#pragma once
// A minimal read-only sqlite3 handle for the Ascend DB exports: open immutable (no journal, no
// locks, never writes), run a query row by row, check which tables exist.
#include <sqlite3.h>

#include <functional>
#include <string>

namespace llmsa::trace::ascend {

class SqliteDb {
 public:
  explicit SqliteDb(const std::string& path);  // throws llmsa::Error (bad input) when not a DB
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  bool has_table(const std::string& name) const;
  bool has_column(const std::string& table, const std::string& column) const;
  // Calls on_row for each result row; throws llmsa::Error on SQL errors (corrupt file).
  void query(const std::string& sql, const std::function<void(sqlite3_stmt*)>& on_row) const;
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// Column helpers: NULL-aware.
inline bool col_null(sqlite3_stmt* s, int i) { return sqlite3_column_type(s, i) == SQLITE_NULL; }
inline std::string col_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

}  // namespace llmsa::trace::ascend
