// Origins (docs/protocol.md 1.1, 1.5, 7.2): every adopted value is reduced to a
// bare "scheme://host[:port]" and "*" is never adopted; allow-lists match
// exactly or with one "*" standing for a single host label part.
#include "test_support.h"

using namespace cctest;

namespace {

// What a host adopts from SET_WIDGET_URL: its destination afterwards, or "" if refused.
std::string adopted(const std::string &url) {
  Wire wire = Wire::make(R"({"allowedWidgetOrigins":["*"]})");
  wire.ready(kT0);
  Json env(cJSON_CreateObject());
  cJSON_AddStringToObject(env.get(), "type", "SET_WIDGET_URL");
  cJSON *data = cJSON_AddObjectToObject(env.get(), "data");
  cJSON_AddStringToObject(data, "iFrameUrl", url.c_str());
  cJSON_AddStringToObject(env.get(), "messageId", "w_1");
  callcore_errno rc = callcore_receive(wire.host, kWidgetOrigin, 1, print(env.get()).c_str(), kT0 + 10);
  return rc == CALLCORE_OK ? str(state(wire.host).get(), "destination") : "";
}

TEST(Origin, AdoptedUrlsAreReducedToTheirOrigin) {
  struct Case {
    const char *url, *origin;
  } cases[] = {
      {"https://widget2.example.com", "https://widget2.example.com"},
      {"https://widget2.example.com/", "https://widget2.example.com"},
      {"https://Widget2.EXAMPLE.com/app/index.html?x=1#top", "https://widget2.example.com"},
      {"HTTPS://widget2.example.com", "https://widget2.example.com"},
      {"https://widget2.example.com:443/x", "https://widget2.example.com"},
      {"https://widget2.example.com:8443/x", "https://widget2.example.com:8443"},
      {"http://localhost:80/", "http://localhost"},
      {"http://localhost:5173", "http://localhost:5173"},
      {"https://widget2.example.com?q", "https://widget2.example.com"},
      {"https://widget2.example.com#f", "https://widget2.example.com"},
      {"https://[::1]:8443/x", "https://[::1]:8443"},
      {"https://127.0.0.1", "https://127.0.0.1"},
  };
  for (const Case &c : cases) EXPECT_EQ(adopted(c.url), c.origin) << c.url;
}

TEST(Origin, UnusableUrlsAreNeverAdopted) {
  for (const char *url :
       {"*", "", "/", "widget2.example.com", "//widget2.example.com", "ftp://widget2.example.com", "https://",
        "https:///path", "https://user:pw@widget2.example.com", "https://user@widget2.example.com", "https://x.com:99999",
        "https://x.com:abc", "https://x.com:", "https://x.com:123456", "https://[::1", "https://[::1]x",
        "https://exa mple.com", "https://exa<mple.com", "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
        "about:blank", "null"}) {
    EXPECT_EQ(adopted(url), "") << url;
  }
}

TEST(Origin, OptionsAreNormalisedToo) {
  Session widget = make_widget(R"({"ownOrigin":"HTTPS://Widget.Example.com:443/softphone/","referrerOrigin":"https://app.hubspot.com/contacts/123/record"})");
  EXPECT_EQ(str(state(widget).get(), "destination"), kHostOrigin) << "document.referrer reduced to its origin";
  ASSERT_EQ(callcore_receive(widget, kHostOrigin, 1, R"({"type":"SYNC","hostUrl":"https://app.hubspot.com/","messageId":"h"})", kT0),
            CALLCORE_OK);
  Actions a = drain(widget);
  ASSERT_EQ(a.envelopes().size(), 1u);
  EXPECT_EQ(str(a.envelopes()[0], "iFrameUrl"), kWidgetOrigin);
  EXPECT_EQ(str(a.envelopes()[0], "hostUrl"), "https://app.hubspot.com/") << "echoed as received";
  EXPECT_EQ(str(state(widget).get(), "destination"), kHostOrigin) << "adopted as an origin";

  Session host = make_host(R"({"hostOrigin":"https://App.HubSpot.com/contacts","iframeOrigin":"https://widget.example.com/index.html"})");
  ASSERT_EQ(callcore_iframe_loaded(host, kT0), CALLCORE_OK);
  Actions h = drain(host);
  EXPECT_EQ(str(h.envelopes()[0], "hostUrl"), kHostOrigin);
  EXPECT_EQ(str(h.posts()[0], "targetOrigin"), kWidgetOrigin);
}

TEST(Origin, BadOriginOptionsAreRefusedNamingTheOption) {
  struct Case {
    std::string options;
    const char *option;
  } cases[] = {
      {widget_options(R"({"ownOrigin":"*"})"), "options.ownOrigin"},
      {widget_options(R"({"ownOrigin":5})"), "options.ownOrigin"},
      {widget_options(R"j({"referrerOrigin":"javascript:alert(1)"})j"), "options.referrerOrigin"},
      {host_options(R"({"hostOrigin":"app.hubspot.com"})"), "options.hostOrigin"},
      {host_options(R"({"iframeOrigin":"https://user@widget.example.com"})"), "options.iframeOrigin"},
  };
  for (const Case &c : cases) {
    Refusal r = refuse_session(c.options.c_str());
    EXPECT_EQ(r.err, CALLCORE_E_OPTIONS) << c.options;
    EXPECT_EQ(r.reason.rfind(c.option, 0), 0u) << r.reason;
  }
}

// Whether the widget's default allow-list (HubSpot's app origins) takes a SYNC from `origin`.
bool hubspot_allows(const std::string &origin) {
  Session widget = make_widget();
  std::string sync = R"({"type":"SYNC","hostUrl":")" + origin + R"(","messageId":"h"})";
  return callcore_receive(widget, origin.c_str(), 1, sync.c_str(), kT0) == CALLCORE_OK;
}

TEST(Origin, DefaultHostAllowListIsHubSpotsAppOrigins) {
  for (const char *ok : {"https://app.hubspot.com", "https://app-eu1.hubspot.com", "https://app-na2.hubspot.com",
                         "https://app.hubspotqa.com", "https://app-eu1.hubspotqa.com"})
    EXPECT_TRUE(hubspot_allows(ok)) << ok;
  for (const char *bad : {"https://hubspot.com", "https://www.hubspot.com", "https://app-.hubspot.com",
                          "https://app-eu1.eu.hubspot.com", "https://app-eu1.hubspot.com:8443", "http://app.hubspot.com",
                          "https://app.hubspot.com.evil.example", "https://evilapp-eu1.hubspot.com",
                          "https://app-eu1.hubspot.co", "https://xapp.hubspot.com", "https://app.hubspot.community"})
    EXPECT_FALSE(hubspot_allows(bad)) << bad;
}

TEST(Origin, HostDefaultWidgetAllowListIsHttpsOrLocalHttp) {
  auto host_takes = [](const char *url) {
    Wire wire = Wire::make();
    wire.ready(kT0);
    std::string env = std::string(R"({"type":"SET_WIDGET_URL","data":{"iFrameUrl":")") + url + R"("},"messageId":"w"})";
    return callcore_receive(wire.host, kWidgetOrigin, 1, env.c_str(), kT0 + 10) == CALLCORE_OK;
  };
  for (const char *ok : {"https://anything.example", "http://localhost", "http://localhost:3000", "http://127.0.0.1:8080",
                         "http://[::1]:8080"})
    EXPECT_TRUE(host_takes(ok)) << ok;
  for (const char *bad : {"http://widget.example.com", "http://localhost.evil.example", "http://127.0.0.1.evil.example",
                          "http://localhostx:3000"})
    EXPECT_FALSE(host_takes(bad)) << bad;
}

// Loopback development hosts (the widget's default allow-list). A widget served
// from loopback (http or https on localhost, 127.0.0.1 or [::1], any port) is a
// development build: with no allowedHostOrigins it also takes a SYNC from a
// loopback host, such as callcore's emulator on another port. A widget on any
// other origin keeps HubSpot's list and nothing more.

// The options of a widget served from `own` (nullptr: no ownOrigin at all),
// with no referrer and no allowedHostOrigins unless `overrides` gives them.
std::string widget_served_from(const char *own, const std::string &overrides = "{}") {
  Json options = parse(widget_options(overrides));
  cJSON_DeleteItemFromObjectCaseSensitive(options.get(), "ownOrigin");
  if (own) cJSON_AddStringToObject(options.get(), "ownOrigin", own);
  Json given = parse(overrides);
  if (!get(given.get(), "referrerOrigin"))
    cJSON_ReplaceItemInObjectCaseSensitive(options.get(), "referrerOrigin", cJSON_CreateString(""));
  return print(options.get());
}

// Whether a widget served from `own` takes a SYNC sent by a page at `host`.
bool takes_sync(const char *own, const std::string &host, const std::string &overrides = "{}") {
  Session widget = make_session(widget_served_from(own, overrides));
  if (!widget) return false;
  std::string sync = R"({"type":"SYNC","hostUrl":")" + host + R"(","messageId":"h"})";
  return callcore_receive(widget, host.c_str(), 1, sync.c_str(), kT0) == CALLCORE_OK;
}

const char *const kLoopbackWidgets[] = {"http://localhost:9025", "https://localhost:9025", "http://localhost",
                                        "https://LOCALHOST:9025/softphone/", "http://127.0.0.1:5173",
                                        "https://127.0.0.1", "http://[::1]:3000", "https://[::1]"};

// Loopback as event.origin spells it, plus the upper case the normaliser lowers.
const char *const kLoopbackHosts[] = {"http://localhost:9026", "https://localhost:9026", "http://localhost",
                                      "https://localhost", "http://127.0.0.1:8080", "https://127.0.0.1:443",
                                      "http://[::1]:9026", "https://[::1]", "http://LOCALHOST:9026",
                                      "http://localhost:65535"};

// Look-alikes of loopback, and what is not loopback at all.
const char *const kNotLoopbackHosts[] = {
    "http://localhost.evil.com", "https://localhost.evil.com:9026", "http://127.0.0.1.nip.io",
    "https://127.0.0.1.nip.io:9026", "http://127.0.0.2:9026", "http://127.1:9026", "http://0.0.0.0:9026",
    "http://2130706433", "http://localhost.:9026", "http://localhostx:9026", "http://xlocalhost:9026",
    "http://[0:0:0:0:0:0:0:1]:9026", "http://[::ffff:127.0.0.1]", "http://[::2]", "http://localhost@evil.com",
    "http://evil.com@localhost", "ws://localhost:9026", "file://localhost", "http://evil.example",
    "https://evil.example", "http://app.hubspot.com", "null", ""};

TEST(Origin, LoopbackWidgetAlsoTakesLoopbackHostsByDefault) {
  for (const char *own : kLoopbackWidgets) {
    for (const char *host : kLoopbackHosts) EXPECT_TRUE(takes_sync(own, host)) << own << " <- " << host;
    for (const char *host : {"https://app.hubspot.com", "https://app-eu1.hubspot.com", "https://app.hubspotqa.com"})
      EXPECT_TRUE(takes_sync(own, host)) << own << " keeps HubSpot's origins: " << host;
    for (const char *host : kNotLoopbackHosts) EXPECT_FALSE(takes_sync(own, host)) << own << " <- " << host;
  }
}

TEST(Origin, WidgetOnAnyOtherOriginGainsNoLoopbackHost) {
  // Public widgets, look-alikes of loopback, loopback spellings outside the
  // three (the IPv6 loopback written out in full stays as written: browsers
  // never report it so), and a widget that does not know its own origin.
  for (const char *own : {"https://widget.example.com", "http://widget.example.com", "https://localhost.evil.com",
                          "http://localhost.evil.com:9025", "http://127.0.0.1.nip.io:9025", "http://127.0.0.2:9025",
                          "http://[0:0:0:0:0:0:0:1]:9025", "http://[::ffff:127.0.0.1]:9025", "http://localhost.:9025",
                          "https://app.hubspot.com", ""}) {
    for (const char *host : kLoopbackHosts) EXPECT_FALSE(takes_sync(own, host)) << own << " <- " << host;
    EXPECT_TRUE(takes_sync(own, "https://app.hubspot.com")) << own;
    EXPECT_TRUE(takes_sync(own, "https://app-na2.hubspot.com")) << own;
  }
  for (const char *host : kLoopbackHosts) EXPECT_FALSE(takes_sync(nullptr, host)) << "no ownOrigin <- " << host;
  EXPECT_TRUE(takes_sync(nullptr, "https://app.hubspot.com"));
}

TEST(Origin, WidgetOriginThatIsNoOriginIsRefusedAtConstruction) {
  // An opaque origin ("null") or user information cannot be a widget's origin:
  // the session is refused, so it cannot gain loopback hosts either.
  for (const char *own : {"null", "http://localhost@evil.com", "http://user@localhost:9025"}) {
    Refusal r = refuse_session(widget_served_from(own).c_str());
    EXPECT_EQ(r.err, CALLCORE_E_OPTIONS) << own;
    EXPECT_EQ(r.reason.rfind("options.ownOrigin", 0), 0u) << r.reason;
  }
}

TEST(Origin, ExplicitAllowListReplacesTheLoopbackDefaultToo) {
  const std::string crm = R"({"allowedHostOrigins":["https://crm.example.com"]})";
  EXPECT_TRUE(takes_sync("http://localhost:9025", "https://crm.example.com", crm));
  for (const char *host : {"http://localhost:9026", "http://127.0.0.1:9026", "http://[::1]:9026", "https://app.hubspot.com"})
    EXPECT_FALSE(takes_sync("http://localhost:9025", host, crm)) << host;
  for (const char *host : {"http://localhost:9026", "https://app.hubspot.com"})
    EXPECT_FALSE(takes_sync("http://localhost:9025", host, R"({"allowedHostOrigins":[]})")) << "empty list: " << host;
  // A public widget that lists one loopback origin gets that one only.
  const std::string one = R"({"allowedHostOrigins":["http://localhost:9026"]})";
  EXPECT_TRUE(takes_sync("https://widget.example.com", "http://localhost:9026", one));
  EXPECT_FALSE(takes_sync("https://widget.example.com", "http://localhost:9027", one));
  EXPECT_FALSE(takes_sync("https://widget.example.com", "http://127.0.0.1:9026", one));
}

TEST(Origin, RefusedLoopbackHostIsReportedNamingTheOptionToSet) {
  Session widget = make_session(widget_served_from("https://widget.example.com"));
  const char *sync = R"({"type":"SYNC","hostUrl":"http://localhost:9026","messageId":"h"})";
  EXPECT_EQ(callcore_receive(widget, "http://localhost:9026", 1, sync, kT0), CALLCORE_E_DROPPED);
  Actions a = drain(widget);
  ASSERT_TRUE(a.has_violation("ORIGIN_NOT_ALLOWED")) << a.dump();
  std::string said = str(a.violations("ORIGIN_NOT_ALLOWED")[0], "message");
  EXPECT_NE(said.find("http://localhost:9026"), std::string::npos) << said;
  EXPECT_NE(said.find("allowedHostOrigins"), std::string::npos) << said;
  EXPECT_TRUE(a.posts().empty());
}

// The whole conversation with a local host: the handshake, then every later
// message from that host (checked against the allow-list again) gets through.
TEST(Origin, LoopbackWidgetTalksToALoopbackHost) {
  Wire wire(make_host(R"({"hostOrigin":"http://localhost:9026","iframeOrigin":"http://localhost:9025"})"),
            make_session(widget_served_from("http://localhost:9025", R"({"referrerOrigin":"http://localhost:9026/"})")));
  wire.host_origin = "http://localhost:9026";
  wire.widget_origin = "http://localhost:9025";
  wire.ready(kT0);
  wire.clear();
  must_call(wire.host, "sendMessage", message("DIAL_NUMBER", R"({"phoneNumber":"+442073238299"})").c_str(), kT0 + 10);
  std::vector<Delivery> traffic = wire.pump(kT0 + 10);
  ASSERT_EQ(traffic.size(), 1u) << ::testing::PrintToString(Wire::lines(traffic));
  EXPECT_EQ(traffic[0].result, CALLCORE_OK);
  EXPECT_EQ(wire.widget_actions.calls("onDialNumber").size(), 1u) << wire.widget_actions.dump();
  EXPECT_FALSE(wire.widget_actions.has_violation("ORIGIN_NOT_ALLOWED"));
}

TEST(Origin, TheWidgetHearsOnlyItsDestinationOriginExactly) {
  Wire wire = Wire::make();
  wire.ready(kT0);
  wire.clear();
  const char *msg = R"({"type":"VISIBILITY_CHANGED","data":{"isHidden":true},"messageId":"h_5"})";
  for (const char *other : {"https://app.hubspot.com:443", "https://app.hubspot.com/", "http://app.hubspot.com",
                            "https://app-eu1.hubspot.com", "*", ""}) {
    EXPECT_EQ(callcore_receive(wire.widget, other, 1, msg, kT0 + 10), CALLCORE_E_DROPPED) << other;
  }
  Actions a = drain(wire.widget);
  EXPECT_TRUE(a.calls().empty());
  EXPECT_EQ(a.violations("ORIGIN_MISMATCH").size(), 6u) << a.dump();
  EXPECT_EQ(callcore_receive(wire.widget, kHostOrigin, 1, msg, kT0 + 11), CALLCORE_OK);
}

}  // namespace

// Allow-list entries are compared with event.origin, so however an app writes
// one ("HTTPS://X.com:443/"), it means that origin; what cannot mean an origin
// is refused at construction, naming the entry.
TEST(Origin, AllowListEntriesAreOriginsHoweverWritten) {
  auto widget_takes = [](const char *entry, const char *origin) {
    Session widget = make_widget(std::string(R"({"allowedHostOrigins":[")") + entry + R"("]})");
    std::string sync = std::string(R"({"type":"SYNC","hostUrl":")") + origin + R"(","messageId":"h"})";
    return callcore_receive(widget, origin, 1, sync.c_str(), kT0) == CALLCORE_OK;
  };
  EXPECT_TRUE(widget_takes("HTTPS://Crm.Example.com:443/", "https://crm.example.com"));
  EXPECT_TRUE(widget_takes("http://localhost:9026/", "http://localhost:9026"));
  EXPECT_TRUE(widget_takes("https://App-*.Example.com/", "https://app-eu1.example.com"));
  EXPECT_FALSE(widget_takes("https://App-*.Example.com/", "https://example.com"));
  EXPECT_FALSE(widget_takes("https://crm.example.com:8443", "https://crm.example.com"));

  struct Case {
    const char *entry, *complaint;
  } bad[] = {
      {"not a url", "is not an absolute http(s) URL"},
      {"https://crm.example.com/calls", "has a path"},
      {"https://*.*.example.com", "at most"},
      {"https://crm.example.com:*", "has an invalid port"},
  };
  for (const Case &c : bad) {
    Refusal r = refuse_session(widget_options(std::string(R"({"allowedHostOrigins":["https://ok.example",")") +
                                              c.entry + R"("]})")
                                   .c_str());
    EXPECT_EQ(r.err, CALLCORE_E_OPTIONS) << c.entry;
    EXPECT_EQ(r.reason.rfind("options.allowedHostOrigins[1]", 0), 0u) << r.reason;
    EXPECT_NE(r.reason.find(c.complaint), std::string::npos) << r.reason;
  }
}
