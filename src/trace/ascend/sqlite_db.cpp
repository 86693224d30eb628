#include "trace/ascend/sqlite_db.hpp"

#include "core/error.hpp"

namespace llmsa::trace::ascend {

SqliteDb::SqliteDb(const std::string& path) : path_(path) {
  std::string uri = "file:" + path + "?immutable=1";
  int rc = sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw_bad_input({path, -1, -1, ""}, "cannot open SQLite database: " + msg);
  }
  // Touch the schema now so that a file that is not a database fails here, with its name.
  query("SELECT count(*) FROM sqlite_master", [](sqlite3_stmt*) {});
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

bool SqliteDb::has_table(const std::string& name) const {
  bool found = false;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_text(st, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

bool SqliteDb::has_column(const std::string& table, const std::string& column) const {
  bool found = false;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name=?", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, column.c_str(), -1, SQLITE_TRANSIENT);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

void SqliteDb::query(const std::string& sql, const std::function<void(sqlite3_stmt*)>& on_row) const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    throw_bad_input({path_, -1, -1, ""}, "SQLite error: " + msg + " (in: " + sql + ")");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) on_row(st);
  if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    throw_bad_input({path_, -1, -1, ""}, "SQLite error while reading: " + msg);
  }
  sqlite3_finalize(st);
}

}  // namespace llmsa::trace::ascend
