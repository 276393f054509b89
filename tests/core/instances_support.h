// Several instances of one app (docs/instances.md): a "mesh" of frames, each a
// widget wired to its own host (HubSpot loads the app in several frames, each
// with its own host page), the widgets sharing one instance channel. The test
// plays the BroadcastChannel: every peer message one widget drains reaches
// every other live widget.
#ifndef CALLCORE_INSTANCES_SUPPORT_H
#define CALLCORE_INSTANCES_SUPPORT_H

#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

namespace cctest {

struct Frame {
  std::string member;
  std::unique_ptr<Wire> wire;
  bool alive = true;
  Actions widget_log, host_log;  // everything drained from either side since the frame was added
  callcore_session *widget() const { return wire->widget.get(); }
  callcore_session *host() const { return wire->host.get(); }
};

class Mesh {
 public:
  // A widget instance `member` in the frame `surface` ("widget", "remote", "window"),
  // built at `instance_id` (its join time), with settleMs `settle`.
  Frame &add(const std::string &member, const std::string &surface, double instance_id, bool uses_window = true,
             int settle = 0, const std::string &extra = "") {
    char id[32];
    snprintf(id, sizeof id, "%.0f", instance_id);
    std::string widget = std::string(R"({"instanceId":)") + id + R"(,"instances":{"channel":"app","member":")" +
                         member + R"(","settleMs":)" + std::to_string(settle) + extra + "}}";
    std::string host = R"({"syncFields":{"portalId":123456,"userId":42,"iframeLocation":")" + surface +
                       R"(","usesCallingWindow":)" + (uses_window ? "true" : "false") + "}}";
    auto frame = std::make_unique<Frame>();
    frame->member = member;
    frame->wire = std::make_unique<Wire>(make_host(host), make_widget(widget));
    frames.push_back(std::move(frame));
    return *frames.back();
  }

  // The handshake and initialized() (logged in, available), then the channel settles.
  void ready(Frame &f, double now) {
    f.wire->handshake(now);
    must_call(f.widget(), "initialized", R"({"isLoggedIn":true,"isAvailable":true})", now + 1);
    flow(now + 1);
  }

  // Pumps every wire and delivers peer messages until nothing moves.
  void flow(double now) {
    for (int round = 0; round < 50; round++) {
      bool moved = false;
      for (auto &f : frames) {
        if (!f->alive) continue;
        callcore_tick(f->widget(), now);
        f->wire->pump(now);
        Actions widget_side, host_side;
        f->wire->take_actions(host_side, widget_side);
        for (const cJSON *peer : widget_side.of("peer")) {
          moved = true;
          std::string text = print(get(peer, "message"));
          messages.push_back(text);
          for (auto &other : frames)
            if (other.get() != f.get() && other->alive)
              EXPECT_EQ(callcore_peer(other->widget(), text.c_str(), now), CALLCORE_OK)
                  << other->member << ": " << callcore_last_error(other->widget()) << "\n" << text;
        }
        f->widget_log.append(std::move(widget_side));
        f->host_log.append(std::move(host_side));
      }
      if (!moved) return;
    }
    ADD_FAILURE() << "the channel never settled";
  }

  // The frame's actions so far, kept in its logs.
  void keep(Frame &f) {
    Actions widget_side, host_side;
    f.wire->take_actions(host_side, widget_side);
    f.widget_log.append(std::move(widget_side));
    f.host_log.append(std::move(host_side));
    f.widget_log.append(drain(f.widget()));
  }

  // Envelopes of `type` the widgets posted to their hosts, all frames together.
  size_t posted(const char *type) const {
    size_t n = 0;
    for (auto &f : frames) n += f->widget_log.posted(type).size();
    return n;
  }

  void clear_logs() {
    for (auto &f : frames) f->widget_log = Actions(), f->host_log = Actions();
    messages.clear();
  }

  Frame &operator[](size_t i) { return *frames[i]; }

  std::vector<std::unique_ptr<Frame>> frames;
  std::vector<std::string> messages;  // every peer message, in the order sent
};

// The instances part of a session's state, and one call's owner.
inline Json instances_of(callcore_session *s) {
  Json st = state(s);
  return Json(cJSON_Duplicate(get(st.get(), "instances"), 1));
}
inline std::string leader_of(callcore_session *s) { return str(instances_of(s).get(), "leader"); }
inline Json call_named(callcore_session *s, const std::string &id) {
  Json st = state(s);
  const cJSON *call;
  cJSON_ArrayForEach(call, get(st.get(), "calls")) if (str(call, "externalCallId") == id) return Json(cJSON_Duplicate(call, 1));
  return Json(cJSON_CreateNull());
}

}  // namespace cctest

#endif
