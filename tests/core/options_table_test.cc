// The session options, one table (core/src/options.c) behind both the parser
// and the catalogue's "options": every sentence a bad option gets is the one it
// always got, and every bound, value, default and role the catalogue lists is
// the one callcore_session_new applies.
#include <cmath>
#include <set>

#include "test_support.h"

using namespace cctest;

namespace {

struct Sentence {
  const char *options;
  callcore_errno err;
  const char *reason;
};

// The parser's sentences, word for word, as they were before the table: callers match them.
const Sentence kSentences[] = {
      {R"j()j", CALLCORE_E_OPTIONS,
       R"j(options: not valid JSON (at byte 0))j"},
      {R"j([)j", CALLCORE_E_OPTIONS,
       R"j(options: not valid JSON (at byte 1))j"},
      {R"j(null)j", CALLCORE_E_OPTIONS,
       R"j(options must be a JSON object)j"},
      {R"j([])j", CALLCORE_E_OPTIONS,
       R"j(options must be a JSON object)j"},
      {R"j(7)j", CALLCORE_E_OPTIONS,
       R"j(options must be a JSON object)j"},
      {R"j({})j", CALLCORE_E_OPTIONS,
       R"j(options.role must be "widget" or "host")j"},
      {R"j({"role":"admin","instanceId":1})j", CALLCORE_E_OPTIONS,
       R"j(options.role must be "widget" or "host")j"},
      {R"j({"role":5,"instanceId":1})j", CALLCORE_E_OPTIONS,
       R"j(options.role must be "widget" or "host")j"},
      {R"j({"role":"widget"})j", CALLCORE_E_OPTIONS,
       R"j(options.instanceId must be a whole number of milliseconds (Date.now() at construction))j"},
      {R"j({"role":"widget","instanceId":-1})j", CALLCORE_E_OPTIONS,
       R"j(options.instanceId must be a whole number of milliseconds (Date.now() at construction))j"},
      {R"j({"role":"widget","instanceId":1.5})j", CALLCORE_E_OPTIONS,
       R"j(options.instanceId must be a whole number of milliseconds (Date.now() at construction))j"},
      {R"j({"role":"widget","instanceId":"1"})j", CALLCORE_E_OPTIONS,
       R"j(options.instanceId must be a whole number of milliseconds (Date.now() at construction))j"},
      {R"j({"role":"widget","instanceId":9007199254740993})j", CALLCORE_E_OPTIONS,
       R"j(options.instanceId must be a whole number of milliseconds (Date.now() at construction))j"},
      {R"j({"role":"widget","instanceId":1,"policy":"loud"})j", CALLCORE_E_OPTIONS,
       R"j(options.policy must be "off", "warn" or "strict")j"},
      {R"j({"role":"widget","instanceId":1,"policy":null})j", CALLCORE_E_OPTIONS,
       R"j(options.policy must be "off", "warn" or "strict")j"},
      {R"j({"role":"widget","instanceId":1,"version":5})j", CALLCORE_E_OPTIONS,
       R"j(options.version must be a short string such as "0.9.6")j"},
      {R"j({"role":"widget","instanceId":1,"version":"123456789012345678901234567890123"})j", CALLCORE_E_OPTIONS,
       R"j(options.version must be a short string such as "0.9.6")j"},
      {R"j({"role":"widget","instanceId":1,"debugMode":null})j", CALLCORE_E_OPTIONS,
       R"j(options.debugMode must be a boolean)j"},
      {R"j({"role":"widget","instanceId":1,"failedCatchAll":1})j", CALLCORE_E_OPTIONS,
       R"j(options.failedCatchAll must be a boolean)j"},
      {R"j({"role":"widget","instanceId":1,"deliver":"yes"})j", CALLCORE_E_OPTIONS,
       R"j(options.deliver must be a boolean)j"},
      {R"j({"role":"widget","instanceId":1,"handlers":"x"})j", CALLCORE_E_OPTIONS,
       R"j(options.handlers must be an array of strings)j"},
      {R"j({"role":"widget","instanceId":1,"handlers":["onReady",7]})j", CALLCORE_E_OPTIONS,
       R"j(options.handlers[1] must be a string under 256 bytes)j"},
      {R"j({"role":"widget","instanceId":1,"limits":[]})j", CALLCORE_E_OPTIONS,
       R"j(options.limits must be an object)j"},
      {R"j({"role":"widget","instanceId":1,"limits":{"maxDepth":0}})j", CALLCORE_E_OPTIONS,
       R"j(options.limits.maxDepth must be a whole number from 1 to 128)j"},
      {R"j({"role":"widget","instanceId":1,"limits":{"maxEnvelopeBytes":16777217}})j", CALLCORE_E_OPTIONS,
       R"j(options.limits.maxEnvelopeBytes must be a whole number from 1 to 16777216)j"},
      {R"j({"role":"widget","instanceId":1,"limits":{"maxStringLength":1.5}})j", CALLCORE_E_OPTIONS,
       R"j(options.limits.maxStringLength must be a whole number from 1 to 4194304)j"},
      {R"j({"role":"widget","instanceId":1,"limits":{"maxCalls":4097}})j", CALLCORE_E_OPTIONS,
       R"j(options.limits.maxCalls must be a whole number from 1 to 4096)j"},
      {R"j({"role":"widget","instanceId":1,"limits":{"maxQueued":"3"}})j", CALLCORE_E_OPTIONS,
       R"j(options.limits.maxQueued must be a whole number from 1 to 1024)j"},
      {R"j({"role":"widget","instanceId":1,"completionTimeoutMs":-1})j", CALLCORE_E_OPTIONS,
       R"j(options.completionTimeoutMs must be a number from 0 to 86400000)j"},
      {R"j({"role":"widget","instanceId":1,"dialDedupWindowMs":1e12})j", CALLCORE_E_OPTIONS,
       R"j(options.dialDedupWindowMs must be a number from 0 to 3600000)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":"x"})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins must be an array of strings)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":[5]})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins[0] must be a string under 256 bytes)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":["https://*.*.com"]})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins[0] "https://*.*.com" may hold one "*" at most)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":["https://a.com/path"]})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins[0] "https://a.com/path" has a path; give an origin)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":["http*://a.com"]})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins[0] "http*://a.com" is not an absolute http(s) URL)j"},
      {R"j({"role":"widget","instanceId":1,"allowedHostOrigins":["ftp://a.com"]})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedHostOrigins[0] "ftp://a.com" is not an absolute http(s) URL)j"},
      {R"j({"role":"widget","instanceId":1,"ownOrigin":5})j", CALLCORE_E_OPTIONS,
       R"j(options.ownOrigin must be a string)j"},
      {R"j({"role":"widget","instanceId":1,"ownOrigin":"ftp://x.com"})j", CALLCORE_E_OPTIONS,
       R"j(options.ownOrigin "ftp://x.com" is not an absolute http(s) URL)j"},
      {R"j({"role":"widget","instanceId":1,"referrerOrigin":"javascript:alert(1)"})j", CALLCORE_E_OPTIONS,
       R"j(options.referrerOrigin "javascript:alert(1)" is not an absolute http(s) URL)j"},
      {R"j({"role":"host","instanceId":1,"hostOrigin":"*"})j", CALLCORE_E_OPTIONS,
       R"j(options.hostOrigin "*" is "*", which would send to any page)j"},
      {R"j({"role":"host","instanceId":1,"iframeOrigin":"https://u@x.com"})j", CALLCORE_E_OPTIONS,
       R"j(options.iframeOrigin "https://u@x.com" carries user information)j"},
      {R"j({"role":"host","instanceId":1,"syncFields":[]})j", CALLCORE_E_OPTIONS,
       R"j(options.syncFields must be an object)j"},
      {R"j({"role":"host","instanceId":1,"allowedWidgetOrigins":{}})j", CALLCORE_E_OPTIONS,
       R"j(options.allowedWidgetOrigins must be an array of strings)j"},
};

TEST(OptionSentences, AreWordForWordTheOnesCallersKnow) {
  for (const Sentence &c : kSentences) {
    Refusal r = refuse_session(c.options);
    EXPECT_EQ(r.err, c.err) << c.options;
    EXPECT_EQ(r.reason, c.reason) << c.options;
  }
  Refusal none = refuse_session(nullptr);
  EXPECT_EQ(none.err, CALLCORE_E_ARGUMENT);
  EXPECT_EQ(none.reason, "options: no JSON text was given");
  std::string many = "[";
  for (int i = 0; i < 257; i++) many += std::string(i ? "," : "") + "\"onReady\"";
  Refusal too_many = refuse_session(widget_options("{\"handlers\":" + many + "]}").c_str());
  EXPECT_EQ(too_many.reason, "options.handlers has 257 entries; 256 at most");
}

const cJSON *option(const cJSON *cat, const std::string &name) {
  const cJSON *o;
  cJSON_ArrayForEach(o, get(cat, "options")) if (str(o, "name") == name) return o;
  return nullptr;
}

std::vector<std::string> strings(const cJSON *list) {
  std::vector<std::string> out;
  const cJSON *item;
  cJSON_ArrayForEach(item, list) out.push_back(cJSON_IsString(item) ? item->valuestring : print(item));
  return out;
}

bool has(const std::vector<std::string> &list, const std::string &value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string options_for(const std::string &role, const std::string &overrides) {
  return role == "host" ? host_options(overrides) : widget_options(overrides);
}

std::string with(const std::string &name, const std::string &value_json) {
  return "{\"" + name + "\":" + value_json + "}";
}

// Creation with `overrides`: "" when accepted, else the reason.
std::string verdict(const std::string &role, const std::string &overrides) {
  callcore_errno err = CALLCORE_OK;
  char reason[256] = "";
  callcore_session *s = callcore_session_new(options_for(role, overrides).c_str(), &err, reason, sizeof reason);
  callcore_session_free(s);
  return s ? std::string() : std::string(reason);
}

std::string number_text(double value) {
  char text[64];
  snprintf(text, sizeof text, "%.17g", value);
  return text;
}

TEST(OptionsTable, ListsEachOptionOnceWithItsShapeAndRoleFirst) {
  Json cat = catalogue();
  const cJSON *options = get(cat.get(), "options");
  ASSERT_TRUE(cJSON_IsArray(options));
  EXPECT_EQ(str(cJSON_GetArrayItem(options, 0), "name"), "role") << "the rows after it apply by role";
  std::set<std::string> names;
  const cJSON *o;
  cJSON_ArrayForEach(o, options) {
    std::string name = str(o, "name");
    EXPECT_TRUE(names.insert(name).second) << name << " listed twice";
    std::vector<std::string> k = keys(o);
    EXPECT_EQ(k.front(), "name");
    EXPECT_EQ(k.back(), "doc") << name;
    for (const char *key : {"roles", "source", "types", "required", "default"})
      EXPECT_TRUE(has(k, key)) << name << " lacks " << key;
    EXPECT_NE(str(o, "doc"), "") << name;
    for (const std::string &role : strings(get(o, "roles"))) EXPECT_TRUE(role == "widget" || role == "host") << name;
    std::string source = str(o, "source");
    EXPECT_TRUE(source == "app" || source == "binding") << name;
  }
  // What a binding fills from the page, and what is the app's choice.
  for (const char *name : {"role", "instanceId", "handlers", "deliver", "previewDispatch", "postAsIs", "ownOrigin",
                           "referrerOrigin", "hostOrigin", "iframeOrigin"})
    EXPECT_EQ(str(option(cat.get(), name), "source"), "binding") << name;
  for (const char *name : {"policy", "version", "debugMode", "failedCatchAll", "limits", "completionTimeoutMs",
                           "dialDedupWindowMs", "allowedHostOrigins", "allowedWidgetOrigins", "syncFields", "instances"})
    EXPECT_EQ(str(option(cat.get(), name), "source"), "app") << name;
  EXPECT_EQ(names.size(), 21u);
}

// A value of a JSON type the option does not take.
std::string wrong_type(const cJSON *o) {
  std::vector<std::string> types = strings(get(o, "types"));
  if (!has(types, "number")) return "7";
  return "\"seven\"";
}

TEST(OptionsTable, EachOptionIsReadForItsRolesAndIgnoredForTheOther) {
  Json cat = catalogue();
  const cJSON *o;
  cJSON_ArrayForEach(o, get(cat.get(), "options")) {
    std::string name = str(o, "name");
    if (name == "role") continue;
    std::vector<std::string> roles = strings(get(o, "roles"));
    for (const std::string role : {"widget", "host"}) {
      std::string reason = verdict(role, with(name, wrong_type(o)));
      if (has(roles, role))
        EXPECT_EQ(reason.rfind("options." + name + " ", 0), 0u) << role << " " << name << ": " << reason;
      else
        EXPECT_EQ(reason, "") << role << " ignores " << name;
    }
  }
}

TEST(OptionsTable, RequiredOptionsAreRequired) {
  Json cat = catalogue();
  const cJSON *o;
  cJSON_ArrayForEach(o, get(cat.get(), "options")) {
    std::string name = str(o, "name");
    Json options = parse(widget_options());
    cJSON_DeleteItemFromObjectCaseSensitive(options.get(), name.c_str());
    callcore_errno err = CALLCORE_OK;
    char reason[256] = "";
    callcore_session *s = callcore_session_new(print(options.get()).c_str(), &err, reason, sizeof reason);
    callcore_session_free(s);
    EXPECT_EQ(s == nullptr, cJSON_IsTrue(get(o, "required"))) << name << ": " << reason;
    if (!s) EXPECT_EQ(std::string(reason).rfind("options." + name + " ", 0), 0u) << reason;
  }
}

TEST(OptionsTable, BoundsAndValuesAreTheParsers) {
  Json cat = catalogue();
  const cJSON *o;
  int checked = 0;
  cJSON_ArrayForEach(o, get(cat.get(), "options")) {
    std::string name = str(o, "name");
    std::string role = strings(get(o, "roles"))[0];
    std::string refused = "options." + name + " ";
    if (name == "role") continue;
    if (const cJSON *values = get(o, "enum")) {
      for (const std::string &value : strings(values)) EXPECT_EQ(verdict(role, with(name, "\"" + value + "\"")), "");
      EXPECT_EQ(verdict(role, with(name, "\"none of those\"")).rfind(refused, 0), 0u) << name;
      checked++;
    }
    if (const cJSON *min = get(o, "min")) {
      double low = min->valuedouble, high = get(o, "max")->valuedouble;
      EXPECT_EQ(verdict(role, with(name, number_text(low))), "") << name;
      EXPECT_EQ(verdict(role, with(name, number_text(high))), "") << name;
      EXPECT_EQ(verdict(role, with(name, number_text(low - 1))).rfind(refused, 0), 0u) << name;
      EXPECT_EQ(verdict(role, with(name, number_text(high * 2 + 2))).rfind(refused, 0), 0u) << name;
      if (cJSON_IsTrue(get(o, "whole")))
        EXPECT_EQ(verdict(role, with(name, number_text(low + 0.5))).rfind(refused, 0), 0u) << name;
      checked++;
    }
    if (const cJSON *max_length = get(o, "maxLength")) {
      size_t n = (size_t)max_length->valuedouble;
      EXPECT_EQ(verdict(role, with(name, "\"" + std::string(n, '9') + "\"")), "") << name;
      EXPECT_EQ(verdict(role, with(name, "\"" + std::string(n + 1, '9') + "\"")).rfind(refused, 0), 0u) << name;
      checked++;
    }
    if (const cJSON *max_items = get(o, "maxItems")) {
      size_t n = (size_t)max_items->valuedouble;
      size_t item_length = (size_t)get(get(o, "items"), "maxLength")->valuedouble;
      bool patterns = str(get(o, "items"), "format") == "origin-pattern";
      auto list = [&](size_t count, const std::string &item) {
        std::string text = "[";
        for (size_t i = 0; i < count; i++) text += std::string(i ? "," : "") + "\"" + item + "\"";
        return text + "]";
      };
      std::string item = patterns ? "*" : "onReady";
      EXPECT_EQ(verdict(role, with(name, list(n, item))), "") << name;
      EXPECT_EQ(verdict(role, with(name, list(n + 1, item))), "options." + name + " has " +
                                                                std::to_string(n + 1) + " entries; " +
                                                                std::to_string(n) + " at most");
      std::string longest = patterns ? "https://" + std::string(item_length - 12, 'a') + ".com" : std::string(item_length, 'a');
      EXPECT_EQ(verdict(role, with(name, list(1, longest))), "") << name;
      EXPECT_EQ(verdict(role, with(name, list(1, longest + "a"))).rfind("options." + name + "[0] ", 0), 0u) << name;
      checked++;
    }
    if (const cJSON *fields = get(o, "fields"); fields && name == "instances") {
      // Its strings are required and its numbers hold expireMs > heartbeatMs: each
      // field is tried inside an object that is valid but for it.
      auto object = [](const std::string &field, const std::string &value) {
        Json base = parse(R"({"channel":"c","member":"m","heartbeatMs":50,"expireMs":3600000})");
        cJSON_DeleteItemFromObjectCaseSensitive(base.get(), field.c_str());
        cJSON_AddItemToObject(base.get(), field.c_str(), cJSON_Parse(value.c_str()));
        return print(base.get());
      };
      const cJSON *f;
      cJSON_ArrayForEach(f, fields) {
        std::string field = str(f, "name"), prefix = "options." + name + "." + field + " must be ";
        if (const cJSON *min = get(f, "min")) {
          double low = min->valuedouble, high = get(f, "max")->valuedouble;
          EXPECT_EQ(verdict(role, with(name, object(field, number_text(low)))), "") << field;
          EXPECT_EQ(verdict(role, with(name, object(field, number_text(high)))), "") << field;
          for (double bad : {low - 1, high + 1, low + 0.5})
            EXPECT_EQ(verdict(role, with(name, object(field, number_text(bad)))).rfind(prefix, 0), 0u) << field << bad;
        } else {
          size_t longest = (size_t)get(f, "maxLength")->valuedouble;
          EXPECT_EQ(verdict(role, with(name, object(field, "\"" + std::string(longest, 'x') + "\""))), "") << field;
          for (const std::string &bad : {std::string("\"\""), "\"" + std::string(longest + 1, 'x') + "\"", std::string("7")})
            EXPECT_EQ(verdict(role, with(name, object(field, bad))), prefix + "a string of 1 to " +
                                                                       number_text((double)longest) + " bytes")
                << field;
          Json without = parse(object(field, "0"));
          cJSON_DeleteItemFromObjectCaseSensitive(without.get(), field.c_str());
          EXPECT_EQ(verdict(role, with(name, print(without.get()))).rfind(prefix, 0), 0u) << field << " is required";
        }
      }
      EXPECT_EQ(verdict(role, with(name, R"({"channel":"c","member":"m","heartbeatMs":1000,"expireMs":1000})")),
                "options.instances.expireMs must be greater than heartbeatMs (1000)");
      checked++;
    } else if (const cJSON *fields = get(o, "fields")) {
      const cJSON *f;
      cJSON_ArrayForEach(f, fields) {
        std::string field = str(f, "name");
        double low = get(f, "min")->valuedouble, high = get(f, "max")->valuedouble;
        std::string sentence = "options." + name + "." + field + " must be a whole number from " +
                               number_text(low) + " to " + number_text(high);
        EXPECT_EQ(verdict(role, with(name, with(field, number_text(low)))), "") << field;
        EXPECT_EQ(verdict(role, with(name, with(field, number_text(high)))), "") << field;
        EXPECT_EQ(verdict(role, with(name, with(field, number_text(low - 1)))), sentence);
        EXPECT_EQ(verdict(role, with(name, with(field, number_text(high + 1)))), sentence);
        EXPECT_EQ(verdict(role, with(name, with(field, number_text(low + 0.5)))), sentence);
        EXPECT_EQ(get(get(o, "default"), field.c_str())->valuedouble, get(f, "default")->valuedouble) << field;
      }
      checked++;
    }
  }
  EXPECT_GE(checked, 8) << "enum, number, whole, string, list and limits rows were all checked";
}

TEST(OptionsTable, DefaultsAreWhatASessionTakesWhenTheOptionIsAbsent) {
  Json cat = catalogue();
  // The limits option's default is the catalogue's "limits".
  EXPECT_EQ(print(get(option(cat.get(), "limits"), "default")), print(get(cat.get(), "limits")));
  const cJSON *o;
  int compared = 0;
  cJSON_ArrayForEach(o, get(cat.get(), "options")) {
    const cJSON *value = get(o, "default");
    std::string name = str(o, "name");
    if (cJSON_IsNull(value) || name == "handlers") continue;
    for (const std::string &role : strings(get(o, "roles"))) {
      Json without = parse(options_for(role, "{}"));
      cJSON_DeleteItemFromObjectCaseSensitive(without.get(), name.c_str());
      std::string given = options_for(role, with(name, print(value)));
      Session a = make_session(print(without.get())), b = make_session(given);
      ASSERT_TRUE(a && b) << name;
      EXPECT_EQ(state_text(a), state_text(b)) << name;
      EXPECT_EQ(drain(a).dump(), drain(b).dump()) << name;
      // The same conversation, step for step.
      Wire wa(role == "host" ? std::move(a) : make_host(), role == "host" ? make_widget() : std::move(a));
      Wire wb(role == "host" ? std::move(b) : make_host(), role == "host" ? make_widget() : std::move(b));
      wa.ready(kT0, true);
      wb.ready(kT0, true);
      EXPECT_EQ(wa.host_actions.dump(), wb.host_actions.dump()) << name;
      EXPECT_EQ(wa.widget_actions.dump(), wb.widget_actions.dump()) << name;
      compared++;
    }
  }
  EXPECT_GE(compared, 7);
  EXPECT_EQ(str(state(make_widget()).get(), "policy"), str(option(cat.get(), "policy"), "default"));
}

TEST(OptionsTable, AnEmptyOriginTakesTheOneItDefaultsFrom) {
  Json cat = catalogue();
  const cJSON *referrer = option(cat.get(), "referrerOrigin");
  ASSERT_EQ(str(referrer, "defaultFrom"), "ownOrigin");
  for (const char *given : {R"({"referrerOrigin":""})", R"({})"}) {
    Json options = parse(widget_options(given));
    if (std::string(given) == "{}") cJSON_DeleteItemFromObjectCaseSensitive(options.get(), "referrerOrigin");
    Session w = make_session(print(options.get()));
    EXPECT_EQ(str(state(w).get(), "destination"), kWidgetOrigin) << given;
  }
}

TEST(OptionsTable, SyncFieldsAreDescribedBySyncsSchema) {
  Json cat = catalogue();
  const cJSON *fields = get(get(option(cat.get(), "syncFields"), "schema"), "fields");
  std::vector<std::string> names;
  const cJSON *f;
  cJSON_ArrayForEach(f, fields) names.push_back(str(f, "name"));
  const cJSON *sync = catalogue_entry(cat.get(), "SYNC");
  std::vector<std::string> sync_names;
  cJSON_ArrayForEach(f, get(get(sync, "schema"), "fields")) sync_names.push_back(str(f, "name"));
  EXPECT_EQ(names, sync_names);
  EXPECT_TRUE(has(names, "portalId"));
}

}  // namespace
