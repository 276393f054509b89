// Helpers shared by the callcore suites: sessions as RAII objects, drained
// actions as parsed cJSON, a two-session "wire", and canonical printing for
// golden comparisons. Everything goes through the public C API only.
#ifndef CALLCORE_TEST_SUPPORT_H
#define CALLCORE_TEST_SUPPORT_H

#include <cjson/cJSON.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "callcore.h"

namespace cctest {

// The cast of Appendix A: a widget built at t=1724412345000, a host manager
// built at t=1724412340000.
constexpr double kWidgetInstance = 1724412345000.0;
constexpr double kHostInstance = 1724412340000.0;
constexpr const char *kWidgetId = "1724412345000";
constexpr const char *kHostId = "1724412340000";
constexpr const char *kHostOrigin = "https://app.hubspot.com";
constexpr const char *kWidgetOrigin = "https://widget.example.com";
constexpr double kT0 = 1724412345120.0;  // the iframe's first load
const std::string kUndefined = CALLCORE_UNDEFINED;

struct JsonDeleter {
  void operator()(cJSON *j) const { cJSON_Delete(j); }
};
using Json = std::unique_ptr<cJSON, JsonDeleter>;

// Takes ownership of a string returned by callcore.
inline std::string take(char *text) {
  if (!text) return std::string();
  std::string copy(text);
  callcore_free(text);
  return copy;
}

inline Json parse(const std::string &text) {
  cJSON *root = cJSON_Parse(text.c_str());
  if (!root) ADD_FAILURE() << "not JSON: " << text.substr(0, 300);
  return Json(root);
}

// Compact, key order preserved: the canonical form golden strings use.
inline std::string print(const cJSON *item) {
  if (!item) return "<absent>";
  return take(cJSON_PrintUnformatted(item));
}

// Canonical form of a JSON text written by hand in a test. "@V@" stands for
// CALLCORE_SDK_VERSION, the version a callcore widget announces.
inline std::string canon(std::string text) {
  for (size_t at; (at = text.find("@V@")) != std::string::npos;) text.replace(at, 3, CALLCORE_SDK_VERSION);
  Json j = parse(text);
  return j ? print(j.get()) : std::string("<invalid golden>");
}

inline const cJSON *get(const cJSON *object, const char *key) {
  return cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : nullptr;
}

inline std::string str(const cJSON *object, const char *key) {
  const cJSON *item = get(object, key);
  if (!item) return "<absent>";
  if (!cJSON_IsString(item)) return "<not a string: " + print(item) + ">";
  return item->valuestring;
}

inline std::vector<std::string> keys(const cJSON *object) {
  std::vector<std::string> out;
  const cJSON *member;
  cJSON_ArrayForEach(member, object) out.push_back(member->string ? member->string : "");
  return out;
}

inline std::vector<std::string> split_keys(const std::string &csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= csv.size()) {
    size_t comma = csv.find(',', start);
    if (comma == std::string::npos) comma = csv.size();
    if (comma > start) out.push_back(csv.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// ---- sessions ----

class Session {
 public:
  Session() = default;
  explicit Session(callcore_session *s) : s_(s) {}
  Session(Session &&other) noexcept : s_(std::exchange(other.s_, nullptr)) {}
  Session &operator=(Session &&other) noexcept {
    if (this != &other) {
      callcore_session_free(s_);
      s_ = std::exchange(other.s_, nullptr);
    }
    return *this;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  ~Session() { callcore_session_free(s_); }
  callcore_session *get() const { return s_; }
  operator callcore_session *() const { return s_; }
  explicit operator bool() const { return s_ != nullptr; }

 private:
  callcore_session *s_ = nullptr;
};

// Every handler name the catalogue gives the role, plus defaultEventHandler.
std::vector<std::string> catalogue_handlers(bool host);

// Options as JSON: the role's defaults (Appendix A's cast, every handler,
// policy warn), with the members of `overrides` (a JSON object) replacing or
// adding keys.
std::string widget_options(const std::string &overrides = "{}");
std::string host_options(const std::string &overrides = "{}");

// Creates a session and fails the test if that does not work.
Session make_session(const std::string &options);
inline Session make_widget(const std::string &overrides = "{}") { return make_session(widget_options(overrides)); }
inline Session make_host(const std::string &overrides = "{}") { return make_session(host_options(overrides)); }

// Creation that is expected to fail: the error code and the reason.
struct Refusal {
  callcore_errno err;
  std::string reason;
};
Refusal refuse_session(const char *options);

// ---- actions ----

class Actions {
 public:
  Actions() : root_(cJSON_CreateArray()) {}
  explicit Actions(Json root) : root_(std::move(root)) {}

  const cJSON *root() const { return root_.get(); }
  size_t size() const { return (size_t)cJSON_GetArraySize(root_.get()); }
  bool empty() const { return size() == 0; }

  // Actions of one kind ("post", "call", ...), oldest first; nullptr: all.
  std::vector<const cJSON *> of(const char *kind = nullptr) const;
  std::vector<const cJSON *> posts() const { return of("post"); }
  // Posted envelopes, oldest first.
  std::vector<const cJSON *> envelopes() const;
  std::vector<const cJSON *> calls(const char *handler = nullptr) const;
  std::vector<const cJSON *> events(const char *name = nullptr) const;
  std::vector<const cJSON *> violations(const char *code = nullptr) const;
  std::vector<std::string> violation_codes() const;
  std::vector<std::string> handler_names() const;
  bool has_violation(const char *code) const { return !violations(code).empty(); }
  // The posted envelopes whose type is `type`.
  std::vector<const cJSON *> posted(const char *type) const;
  // The ERROR/UNKNOWN_MESSAGE_TYPE replies among the posts.
  std::vector<const cJSON *> error_replies() const { return posted("ERROR"); }

  // Moves every action of `other` to the end of this list.
  void append(Actions &&other);
  std::string dump() const { return print(root_.get()); }

 private:
  Json root_;
};

Actions drain(callcore_session *s);

// What a "call" action hands the handler first: envelope.data, or nullptr
// when the envelope has no data key (the glue then passes undefined).
inline const cJSON *call_data(const cJSON *call) { return get(get(call, "envelope"), "data"); }
Json state(callcore_session *s);
inline std::string state_text(callcore_session *s) { return take(callcore_state_json(s)); }
Json catalogue();
// A copy of the session's index-th tracked call (state_json's calls[index]).
Json call_state(callcore_session *s, int index = 0);

// The catalogue entry of a wire type.
const cJSON *catalogue_entry(const cJSON *catalogue, const std::string &type);

// ---- the wire: two sessions wired back to back ----

// One message that crossed the wire, as the receiver got it.
struct Delivery {
  char from;             // 'H' or 'W'
  std::string envelope;  // canonical JSON
  callcore_errno result; // what callcore_receive answered
};

class Wire {
 public:
  Wire(Session host_session, Session widget_session)
      : host(std::move(host_session)), widget(std::move(widget_session)) {}
  // A host and a widget with the default options plus overrides.
  static Wire make(const std::string &host_overrides = "{}", const std::string &widget_overrides = "{}") {
    return Wire(make_host(host_overrides), make_widget(widget_overrides));
  }

  // Drains both sessions and delivers every post to the other side (origin =
  // the sender's page, from_peer = 1) until nothing more is posted. Returns
  // what crossed, in order; every drained action is kept in host_actions /
  // widget_actions until the next take_actions().
  std::vector<Delivery> pump(double now_ms);
  // Canonical "H>W <envelope>" lines of a pump.
  static std::vector<std::string> lines(const std::vector<Delivery> &deliveries);

  // Load the iframe at `now_ms` and run the handshake to the end.
  void handshake(double now_ms = kT0);
  // Handshake, then the widget's initialized() (logged in, available if asked).
  void ready(double now_ms = kT0, bool available = false);

  void take_actions(Actions &host_out, Actions &widget_out) {
    host_out = std::move(host_actions);
    widget_out = std::move(widget_actions);
    host_actions = Actions();
    widget_actions = Actions();
  }
  void clear() {
    host_actions = Actions();
    widget_actions = Actions();
  }

  Session host, widget;
  Actions host_actions, widget_actions;
  std::string host_origin = kHostOrigin;
  std::string widget_origin = kWidgetOrigin;
};

// A valid `data` payload for a wire type (JSON), or "" for the four
// no-payload messages; one per catalogue type that carries data.
std::string sample_payload(const std::string &type);

// Catalogue types, in catalogue order, whose entry satisfies `keep`.
std::vector<std::string> catalogue_types(bool (*keep)(const cJSON *entry));

// Test-name-safe form of a wire type ("CALL_ENDED" stays as is).
inline std::string param_name(const std::string &type) {
  std::string out;
  for (char c : type) out += (isalnum((unsigned char)c) ? c : '_');
  return out;
}

// Calls an SDK method and checks that it was accepted.
void must_call(callcore_session *s, const char *method, const char *payload, double now_ms);

// Builds a host→widget message for sendMessage.
inline std::string message(const std::string &type, const std::string &data_json) {
  return "{\"type\":\"" + type + "\",\"data\":" + data_json + "}";
}

// "<prefix>_<digits>" with the prefix given; returns the digits' value or -1.
double message_id_stamp(const std::string &id, const std::string &prefix);

// Pumps the wire and compares what crossed with golden lines "H>W {...}" /
// "W>H {...}" (JSON canonicalised, "@V@" the SDK version); all delivered OK.
inline void expect_traffic(Wire &wire, double now, const std::vector<std::string> &golden) {
  std::vector<Delivery> traffic = wire.pump(now);
  std::vector<std::string> expected;
  for (const std::string &line : golden) expected.push_back(line.substr(0, 4) + canon(line.substr(4)));
  EXPECT_EQ(Wire::lines(traffic), expected);
  for (const Delivery &d : traffic) EXPECT_EQ(d.result, CALLCORE_OK) << d.envelope;
}

}  // namespace cctest

#endif
