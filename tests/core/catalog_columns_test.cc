// The catalogue's behaviour columns: the engine reads them instead of type
// names, so they must agree with the rules they stand for, and no type name
// may creep back into the engine's code.
#include <gtest/gtest.h>

#include <dirent.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "catalog.h"
#include "report.h"
}

namespace {

std::vector<const cc_message *> rows() {
  std::vector<const cc_message *> all;
  for (size_t i = 0; i < cc_catalog_count(); i++) all.push_back(cc_catalog_at(i));
  return all;
}

bool ends_with(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(CatalogueColumns, FailureIsTheSdksSuffixRule) {
  for (const cc_message *m : rows()) {
    EXPECT_EQ(m->failure != 0, ends_with(m->type, "_FAILED")) << m->type;
    EXPECT_EQ(cc_catalog_is_failure(m->type, m), m->failure) << m->type;
  }
  // A type the catalogue lacks: the SDK's test on its name.
  EXPECT_TRUE(cc_catalog_is_failure("SOMETHING_FAILED", nullptr));
  EXPECT_FALSE(cc_catalog_is_failure("FAILED", nullptr));
}

TEST(CatalogueColumns, EveryMechanismHasExactlyOneRow) {
  for (int m = CC_MECH_NONE + 1; m < CC_MECH_COUNT; m++) {
    int count = 0;
    for (const cc_message *row : rows()) count += row->mechanism == m;
    EXPECT_EQ(count, 1) << "mechanism " << m;
    EXPECT_NE(cc_catalog_mechanism(static_cast<cc_mechanism>(m)), nullptr);
  }
}

TEST(CatalogueColumns, CallEffectsSitOnCallMessages) {
  for (const cc_message *m : rows()) {
    if (m->effect == CC_EFFECT_START || m->effect == CC_EFFECT_RING)
      EXPECT_EQ(m->lifecycle, CC_LC_CALL_START) << m->type;
    else if (m->effect != CC_EFFECT_NONE)
      EXPECT_EQ(m->lifecycle, CC_LC_CALL_EVENT) << m->type;
    else
      EXPECT_TRUE(m->lifecycle != CC_LC_CALL_START && m->lifecycle != CC_LC_CALL_EVENT) << m->type;
    // Every message that binds an engagement carries it in a schema with an engagementId.
    if (m->binds_engagement) EXPECT_NE(m->schema, nullptr) << m->type;
  }
  for (int e = CC_EFFECT_START; e <= CC_EFFECT_FINALIZE; e++)
    EXPECT_NE(cc_catalog_effect(static_cast<cc_call_effect>(e)), nullptr) << "effect " << e;
}

// Every string literal of a file, escapes left as written.
std::vector<std::string> string_literals(const std::string &source) {
  std::vector<std::string> found;
  for (size_t i = 0; i < source.size(); i++) {
    if (source.compare(i, 2, "//") == 0) {
      i = source.find('\n', i);
      if (i == std::string::npos) break;
    } else if (source.compare(i, 2, "/*") == 0) {
      i = source.find("*/", i + 2);
      if (i == std::string::npos) break;
      i++;
    } else if (source[i] == '\'') {
      i += source[i + 1] == '\\' ? 3 : 2;
    } else if (source[i] == '"') {
      std::string literal;
      for (i++; i < source.size() && source[i] != '"'; i++) {
        if (source[i] == '\\') literal += source[i++];
        literal += source[i];
      }
      found.push_back(literal);
    }
  }
  return found;
}

TEST(CatalogueColumns, NoTypeNameInTheEngineOutsideTheTables) {
  std::set<std::string> types, codes;
  for (const cc_message *m : rows()) types.insert(m->type);
  for (int c = 0; c < CC_V_COUNT; c++) codes.insert(cc_code_name(static_cast<cc_code>(c)));
  // The catalogue and the payload tables hold the names; every other file finds a row by its columns.
  std::vector<std::string> files;
  DIR *dir = opendir(CALLCORE_SOURCE_DIR "/core/src");
  ASSERT_NE(dir, nullptr);
  while (dirent *entry = readdir(dir)) {
    std::string name = entry->d_name;
    if ((ends_with(name, ".c") || ends_with(name, ".h")) && name != "catalog.c" && name != "payloads.c")
      files.push_back(name);
  }
  closedir(dir);
  ASSERT_GT(files.size(), 10u);
  for (const std::string &file : files) {
    std::ifstream in(std::string(CALLCORE_SOURCE_DIR "/core/src/") + file);
    ASSERT_TRUE(in.good()) << file;
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string &literal : string_literals(text.str())) {
      if (codes.count(literal)) continue; /* a violation code that shares a type's name (SYNC_ACK_FAILED) */
      EXPECT_EQ(types.count(literal), 0u) << file << " names the type \"" << literal << "\"";
    }
  }
}

}  // namespace
