// Origins (PROTOCOL.md 1.1, 1.5, 7.2): every adopted value is reduced to a
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
