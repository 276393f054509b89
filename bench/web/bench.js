// Benchmark pages (bench/web-bench.mjs): one host page and one widget page for
// either SDK (?impl=callcore|reference), doing as little as possible besides
// the SDK's own work. Times are absolute (performance.timeOrigin + now()) so
// the two frames can be compared.
(function () {
  var params = new URLSearchParams(location.search);
  var impl = params.get("impl");
  var isHost = /host\.html$/.test(location.pathname);
  window.now = function () { return performance.timeOrigin + performance.now(); };
  window.count = 0;
  window.target = 0;
  window.doneAt = 0;
  window.mode = "count"; // "count" | "ping" (host) | "pong" (widget)
  // Handshake timeline for bench/handshake-timeline.mjs: the first time of each step,
  // and of each message type received until the widget is ready (then the listener goes).
  window.marks = {};
  var mark = function (name) { if (!(name in window.marks)) window.marks[name] = window.now(); };
  mark("bench page script running");
  var watch = function (event) {
    if (event.data && typeof event.data.type === "string") mark("received " + event.data.type);
    if (window.readyAt > 0 || window.hostReadyAt > 0) window.removeEventListener("message", watch, true);
  };
  window.addEventListener("message", watch, true);
  if (isHost) document.addEventListener("load", function (event) { if (event.target.tagName === "IFRAME") mark("iframe load"); }, true);

  if (isHost) {
    // The reference host answers each widget event with ERROR and the reference
    // widget answers that ERROR with another one: keep those from the host SDK.
    window.addEventListener("message", function (event) {
      if (event.data && event.data.type === "ERROR") event.stopImmediatePropagation();
    });
  }

  var script = document.createElement("script");
  script.src = "/lib/" + (impl === "reference" ? "reference" : "callcore") + ".js";
  script.onload = function () {
    mark("SDK script loaded");
    var lib = impl === "reference" ? window.HubSpotCallingExtensions : window.callcore;
    var CallingExtensions = lib.default;
    if (isHost) {
      var fromWidget = function (data, envelope) {
        if (!envelope || envelope.type !== "CALL_DATA") return;
        window.count += 1;
        if (window.mode === "ping") {
          if (window.count < window.target) window.host.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: false } });
          else window.doneAt = window.now();
        } else if (window.count === window.target) window.doneAt = window.now();
      };
      window.host = new CallingExtensions({
        debugMode: false,
        eventHandlers: {
          onReady: function () { window.hostReadyAt = window.now(); mark("host onReady"); },
          onCallData: fromWidget, // callcore's host handler
          defaultEventHandler: fromWidget, // the reference host's only way
        },
        iFrameOptions: { src: params.get("widget"), width: "360px", height: "620px", hostElementSelector: "#widget" },
      });
      mark("SDK constructed");
      if (window.host.ready) window.host.ready.then(function () { mark("callcore core ready"); });
      /** n host→widget messages as fast as the SDK sends them; returns the start time. */
      window.burst = function (n) {
        var t0 = window.now();
        for (var i = 0; i < n; i++) window.host.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: false } });
        return t0;
      };
      window.ping = function (n) {
        window.mode = "ping";
        window.count = 0;
        window.target = n;
        window.doneAt = 0;
        var t0 = window.now();
        window.host.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: false } });
        return t0;
      };
    } else {
      var options = {
        eventHandlers: {
          onReady: function () {
            window.readyAt = window.now();
            mark("widget onReady");
            window.ext.initialized({ isLoggedIn: true });
          },
          onVisibilityChanged: function () {
            window.count += 1;
            if (window.mode === "pong") window.ext.callData({ pong: window.count });
            else if (window.count === window.target) window.doneAt = window.now();
          },
          defaultEventHandler: function () {},
        },
      };
      if (params.get("hosts")) options.allowedHostOrigins = params.get("hosts").split(",");
      window.ext = new CallingExtensions(options);
      mark("SDK constructed");
      if (window.ext.ready) window.ext.ready.then(function () { mark("callcore core ready"); });
      /** n widget→host messages; returns the start time. */
      window.burst = function (n) {
        var t0 = window.now();
        for (var i = 0; i < n; i++) window.ext.callData({ i: i });
        return t0;
      };
    }
  };
  document.head.appendChild(script);
})();
