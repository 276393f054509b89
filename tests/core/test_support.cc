// Implementation of the shared helpers (no tests here).
#include "test_support.h"

#include <cmath>
#include <cstdlib>

namespace cctest {

Json catalogue() { return parse(take(callcore_catalog_json())); }

const cJSON *catalogue_entry(const cJSON *cat, const std::string &type) {
  const cJSON *message;
  cJSON_ArrayForEach(message, get(cat, "messages")) {
    if (str(message, "type") == type) return message;
  }
  return nullptr;
}

std::vector<std::string> catalogue_handlers(bool host) {
  std::vector<std::string> out;
  Json cat = catalogue();
  const cJSON *message;
  cJSON_ArrayForEach(message, get(cat.get(), "messages")) {
    const cJSON *handler = get(message, host ? "hostHandler" : "widgetHandler");
    if (cJSON_IsString(handler)) out.push_back(handler->valuestring);
  }
  out.push_back("defaultEventHandler");
  return out;
}

std::vector<std::string> catalogue_types(bool (*keep)(const cJSON *entry)) {
  std::vector<std::string> out;
  Json cat = catalogue();
  const cJSON *message;
  cJSON_ArrayForEach(message, get(cat.get(), "messages")) {
    if (keep(message)) out.push_back(str(message, "type"));
  }
  return out;
}

std::string sample_payload(const std::string &type) {
  static const std::pair<const char *, const char *> samples[] = {
      // widget to host
      {"INITIALIZED", R"({"isLoggedIn":true,"isAvailable":false,"sizeInfo":{"width":400,"height":650}})"},
      {"LOGGED_IN", ""},
      {"LOGGED_OUT", ""},
      {"USER_AVAILABLE", ""},
      {"USER_UNAVAILABLE", ""},
      {"OUTGOING_CALL_STARTED",
       R"({"externalCallId":"c-1","toNumber":"+442073238299","fromNumber":"+18884827768","callStartTime":1724412350500,"createEngagement":true})"},
      {"INCOMING_CALL", R"({"externalCallId":"c-2","fromNumber":"+18884827768","toNumber":"+442073238299","callStartTime":1724412350500})"},
      {"CALL_ANSWERED", R"({"externalCallId":"c-1"})"},
      {"CALL_TRANSFERRED", R"({"externalCallId":"c-1"})"},
      {"CALL_ENDED", R"({"externalCallId":"c-1","engagementId":987654321,"callEndStatus":"COMPLETED"})"},
      {"CALL_COMPLETED",
       R"({"engagementId":987654321,"externalCallId":"c-1","hideWidget":false,"engagementProperties":{"hs_call_title":"Follow-up","hs_call_body":"Asked for a quote"}})"},
      {"CALL_DATA", R"({"anything":[1,"two",{"three":null}]})"},
      {"NAVIGATE_TO_RECORD", R"({"objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"}})"},
      {"RESIZE_WIDGET", R"({"width":400,"height":600})"},
      {"PUBLISH_TO_CHANNEL", R"({"externalCallId":"c-1","engagementId":987654321})"},
      {"FINALIZE_ENGAGEMENT", R"({"externalCallId":"c-1","engagementId":987654321})"},
      {"SET_WIDGET_URL", R"({"iFrameUrl":"https://widget2.example.com"})"},
      {"ERROR", R"({"message":"The microphone is blocked"})"},
      // host to widget
      {"DIAL_NUMBER",
       R"({"phoneNumber":"+442073238299","ownerId":777,"portalId":123456,"objectId":51,"objectType":"CONTACT","calleeInfo":{"calleeId":51,"calleeObjectTypeId":"0-1"}})"},
      {"END_CALL", R"({"externalCallId":"c-1"})"},
      {"SET_CALL_STATE", R"({"state":"whatever the host sends"})"},
      {"ENGAGEMENT_CREATED", R"({"engagementId":987654321})"},
      {"CREATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321})"},
      {"CREATE_ENGAGEMENT_FAILED", R"({"error":{"message":"no permission"}})"},
      {"UPDATE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321})"},
      {"UPDATE_ENGAGEMENT_FAILED", R"({"error":{"message":"bad property"}})"},
      {"CALLER_ID_MATCH_SUCCEEDED",
       R"({"callerIdMatches":[{"callerIdType":"CONTACT","objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"},"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}]})"},
      {"CALLER_ID_MATCH_FAILED", R"({"error":{"message":"lookup failed"}})"},
      {"NAVIGATE_TO_RECORD_FAILED", R"({"objectCoordinates":{"portalId":123456,"objectId":51,"objectTypeId":"0-1"}})"},
      {"PUBLISH_TO_CHANNEL_SUCCEEDED", R"({"engagementId":987654321,"externalCallId":"c-1"})"},
      {"PUBLISH_TO_CHANNEL_FAILED", R"({"engagementId":987654321,"externalCallId":"c-1"})"},
      {"FINALIZE_ENGAGEMENT_SUCCEEDED", R"({"engagementId":987654321,"externalCallId":"c-1"})"},
      {"FINALIZE_ENGAGEMENT_FAILED", R"({"engagementId":987654321,"externalCallId":"c-1"})"},
      {"INITIATE_CALL_ID_SUCCEEDED", R"({"externalCallId":"c-1"})"},
      {"INITIATE_CALL_ID_FAILED", R"({"externalCallId":"c-1"})"},
      {"SET_WIDGET_URL_FAILED", R"({"iFrameUrl":"http://evil.example","error":{"message":"refused"}})"},
      {"VISIBILITY_CHANGED", R"({"isMinimized":true,"isHidden":false})"},
      {"FAILED", R"({"reason":"something failed"})"},
      {"UPDATE_ASSOCIATIONS_FAILED", R"({"externalCallId":"c-1"})"},
      {"UNLOADING", R"({})"},
      {"RINGTONE_ENDED", R"({})"},
      {"READY", R"({})"},
  };
  for (const auto &sample : samples)
    if (type == sample.first) return sample.second;
  ADD_FAILURE() << "no sample payload for " << type;
  return "{}";
}

static std::string merge(const std::string &base, const std::string &overrides) {
  Json root = parse(base);
  Json extra = parse(overrides);
  if (!root || !extra) return base;
  cJSON *member = extra->child;
  while (member) {
    cJSON *next = member->next;
    cJSON *moved = cJSON_DetachItemViaPointer(extra.get(), member);
    std::string key = moved->string;  // cJSON frees the item's own key while replacing
    if (cJSON_GetObjectItemCaseSensitive(root.get(), key.c_str()))
      cJSON_ReplaceItemInObjectCaseSensitive(root.get(), key.c_str(), moved);
    else
      cJSON_AddItemToObject(root.get(), key.c_str(), moved);
    member = next;
  }
  return print(root.get());
}

static std::string handler_list(bool host) {
  Json list(cJSON_CreateArray());
  for (const std::string &name : catalogue_handlers(host))
    cJSON_AddItemToArray(list.get(), cJSON_CreateString(name.c_str()));
  return print(list.get());
}

std::string widget_options(const std::string &overrides) {
  std::string base = std::string("{\"role\":\"widget\",\"instanceId\":") + kWidgetId + ",\"ownOrigin\":\"" +
                     kWidgetOrigin + "\",\"referrerOrigin\":\"" + kHostOrigin +
                     "\",\"handlers\":" + handler_list(false) + "}";
  return merge(base, overrides);
}

std::string host_options(const std::string &overrides) {
  std::string base = std::string("{\"role\":\"host\",\"instanceId\":") + kHostId + ",\"hostOrigin\":\"" +
                     kHostOrigin + "\",\"iframeOrigin\":\"" + kWidgetOrigin +
                     "\",\"syncFields\":{\"portalId\":123456,\"userId\":42,\"ownerId\":777,"
                     "\"iframeLocation\":\"widget\",\"usesCallingWindow\":true},\"handlers\":" +
                     handler_list(true) + "}";
  return merge(base, overrides);
}

Session make_session(const std::string &options) {
  callcore_errno err = CALLCORE_E_NOMEM;
  char reason[256] = "";
  callcore_session *s = callcore_session_new(options.c_str(), &err, reason, sizeof reason);
  if (!s) ADD_FAILURE() << "session_new failed: " << callcore_errno_name(err) << ": " << reason << "\n" << options;
  return Session(s);
}

Refusal refuse_session(const char *options) {
  callcore_errno err = CALLCORE_OK;
  char reason[256] = "(unset)";
  callcore_session *s = callcore_session_new(options, &err, reason, sizeof reason);
  if (s) {
    ADD_FAILURE() << "session_new accepted " << (options ? options : "NULL");
    callcore_session_free(s);
  }
  return Refusal{err, reason};
}

// ---- actions ----

std::vector<const cJSON *> Actions::of(const char *kind) const {
  std::vector<const cJSON *> out;
  const cJSON *action;
  cJSON_ArrayForEach(action, root_.get()) {
    if (!kind || str(action, "action") == kind) out.push_back(action);
  }
  return out;
}

std::vector<const cJSON *> Actions::envelopes() const {
  std::vector<const cJSON *> out;
  for (const cJSON *post : posts()) out.push_back(get(post, "envelope"));
  return out;
}

std::vector<const cJSON *> Actions::calls(const char *handler) const {
  std::vector<const cJSON *> out;
  for (const cJSON *call : of("call"))
    if (!handler || str(call, "handler") == handler) out.push_back(call);
  return out;
}

std::vector<const cJSON *> Actions::events(const char *name) const {
  std::vector<const cJSON *> out;
  for (const cJSON *event : of("event"))
    if (!name || str(event, "event") == name) out.push_back(event);
  return out;
}

std::vector<const cJSON *> Actions::violations(const char *code) const {
  std::vector<const cJSON *> out;
  for (const cJSON *v : of("violation"))
    if (!code || str(v, "code") == code) out.push_back(v);
  return out;
}

std::vector<std::string> Actions::violation_codes() const {
  std::vector<std::string> out;
  for (const cJSON *v : violations()) out.push_back(str(v, "code"));
  return out;
}

std::vector<std::string> Actions::handler_names() const {
  std::vector<std::string> out;
  for (const cJSON *c : calls()) out.push_back(str(c, "handler"));
  return out;
}

std::vector<const cJSON *> Actions::posted(const char *type) const {
  std::vector<const cJSON *> out;
  for (const cJSON *envelope : envelopes())
    if (str(envelope, "type") == type) out.push_back(envelope);
  return out;
}

void Actions::append(Actions &&other) {
  while (cJSON *item = cJSON_DetachItemFromArray(other.root_.get(), 0)) cJSON_AddItemToArray(root_.get(), item);
}

Actions drain(callcore_session *s) {
  char *text = callcore_drain(s);
  if (!text) {
    ADD_FAILURE() << "callcore_drain returned NULL";
    return Actions();
  }
  Json root = parse(take(text));
  if (!cJSON_IsArray(root.get())) {
    ADD_FAILURE() << "drain did not return an array";
    return Actions();
  }
  return Actions(std::move(root));
}

Json state(callcore_session *s) { return parse(take(callcore_state_json(s))); }

Json call_state(callcore_session *s, int index) {
  Json st = state(s);
  const cJSON *call = cJSON_GetArrayItem(get(st.get(), "calls"), index);
  if (!call) ADD_FAILURE() << "no call at " << index << " in " << print(st.get());
  return Json(call ? cJSON_Duplicate(call, 1) : cJSON_CreateNull());
}

// ---- the wire ----

std::vector<Delivery> Wire::pump(double now_ms) {
  std::vector<Delivery> out;
  for (int round = 0; round < 100; round++) {
    bool moved = false;
    for (int side = 0; side < 2; side++) {
      bool from_host = side == 0;
      callcore_session *sender = from_host ? host.get() : widget.get();
      callcore_session *receiver = from_host ? widget.get() : host.get();
      Actions drained = drain(sender);
      // The glue runs a zero-delay timer at once (setTimeout 0): the queue of
      // calls made before the handshake is replayed that way, after onReady.
      bool tick_now = false;
      for (const cJSON *timer : drained.of("timer")) {
        const cJSON *delay = get(timer, "delayMs");
        tick_now = cJSON_IsNumber(delay) && delay->valuedouble <= 0;
      }
      if (tick_now) {
        EXPECT_EQ(callcore_tick(sender, now_ms), CALLCORE_OK);
        drained.append(drain(sender));
        moved = true;
      }
      std::vector<std::string> envelopes, targets;
      for (const cJSON *post : drained.posts()) {
        envelopes.push_back(print(get(post, "envelope")));
        targets.push_back(str(post, "targetOrigin"));
      }
      (from_host ? host_actions : widget_actions).append(std::move(drained));
      for (size_t i = 0; i < envelopes.size(); i++) {
        // The browser discards a post whose target is not the receiver's origin.
        const std::string &receiver_origin = from_host ? widget_origin : host_origin;
        EXPECT_EQ(targets[i], receiver_origin) << "post to the wrong origin: " << envelopes[i];
        if (targets[i] != receiver_origin) continue;
        callcore_errno rc = callcore_receive(receiver, from_host ? host_origin.c_str() : widget_origin.c_str(), 1,
                                             envelopes[i].c_str(), now_ms);
        out.push_back(Delivery{from_host ? 'H' : 'W', envelopes[i], rc});
        moved = true;
      }
    }
    if (!moved) {
      // Collect what the last deliveries produced besides posts.
      host_actions.append(drain(host));
      widget_actions.append(drain(widget));
      return out;
    }
  }
  ADD_FAILURE() << "the wire never went quiet (a message storm?)";
  return out;
}

std::vector<std::string> Wire::lines(const std::vector<Delivery> &deliveries) {
  std::vector<std::string> out;
  for (const Delivery &d : deliveries) out.push_back(std::string(d.from == 'H' ? "H>W " : "W>H ") + d.envelope);
  return out;
}

void Wire::handshake(double now_ms) {
  ASSERT_EQ(callcore_iframe_loaded(host, now_ms), CALLCORE_OK) << callcore_last_error(host);
  std::vector<Delivery> traffic = pump(now_ms);
  ASSERT_EQ(traffic.size(), 2u) << ::testing::PrintToString(lines(traffic));
  EXPECT_EQ(traffic[0].result, CALLCORE_OK);
  EXPECT_EQ(traffic[1].result, CALLCORE_OK);
}

void Wire::ready(double now_ms, bool available) {
  handshake(now_ms);
  std::string payload = std::string("{\"isLoggedIn\":true,\"isAvailable\":") + (available ? "true" : "false") + "}";
  must_call(widget, "initialized", payload.c_str(), now_ms + 1);
  pump(now_ms + 1);
}

void must_call(callcore_session *s, const char *method, const char *payload, double now_ms) {
  callcore_errno rc = callcore_call(s, method, payload, now_ms);
  EXPECT_EQ(rc, CALLCORE_OK) << method << "(" << (payload ? payload : "") << "): " << callcore_errno_name(rc) << ": "
                             << callcore_last_error(s);
}

double message_id_stamp(const std::string &id, const std::string &prefix) {
  if (id.size() <= prefix.size() + 1 || id.compare(0, prefix.size(), prefix) != 0 || id[prefix.size()] != '_')
    return -1;
  std::string digits = id.substr(prefix.size() + 1);
  for (char c : digits)
    if (c < '0' || c > '9') return -1;
  return std::strtod(digits.c_str(), nullptr);
}

}  // namespace cctest
