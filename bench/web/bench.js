// Benchmark pages (bench/web-bench.mjs, bench/handshake-timeline.mjs, bench/profile-burst.mjs):
// one host page and one widget page for either SDK or none (?impl=callcore|reference|raw),
// doing as little as possible besides the SDK's own work. Times are absolute
// (performance.timeOrigin + now()) so the two frames can be compared.
//
// impl=raw is the floor: no SDK at all. The pages post the same envelopes the SDKs post
// (SYNC, SYNC_ACK, INITIALIZED, VISIBILITY_CHANGED, CALL_DATA, each with a messageId),
// and their message listener does what an app's handler does: checks the origin, reads
// `data` and its type, and calls the handler with the payload.
//
// Every pairing puts the same envelopes on the wire. The reference host answers every
// message type it does not know (INITIALIZED, CALL_DATA) with ERROR/UNKNOWN_MESSAGE_TYPE;
// both SDK hosts' sendMessage is wrapped (the same wrapper for both) so that such an ERROR
// is dropped before the SDK's postMessage: it never goes on the wire, costs the widget
// nothing and the host no postMessage. ?wire=1 records every envelope a frame receives
// (in a capture listener, before any SDK sees it) for the bench to compare across
// pairings; the timed pages are loaded without it.
//
// Completion is signalled by promises the page resolves itself (window.done,
// window.hostReady): the bench awaits them with one evaluate, nothing polls the page.
(function () {
  var params = new URLSearchParams(location.search);
  var impl = params.get("impl");
  var isHost = /host\.html$/.test(location.pathname);
  window.now = function () { return performance.timeOrigin + performance.now(); };
  window.count = 0;
  window.target = 0;
  window.doneAt = 0;
  window.mode = "count"; // "count" | "ping" (host) | "pong" (widget)
  window.droppedErrors = 0;
  var resolveDone = null;
  window.done = null;
  /** Arms the counter: window.done resolves with the time the n-th message was handled. */
  window.expect = function (n, mode) {
    window.mode = mode || "count";
    window.count = 0;
    window.target = n;
    window.doneAt = 0;
    window.done = new Promise(function (resolve) { resolveDone = resolve; });
  };
  var finish = function () {
    window.doneAt = window.now();
    if (resolveDone) resolveDone(window.doneAt);
    resolveDone = null;
  };
  var resolveReady;
  // host: its onReady (after the widget's onReady: SYNC_ACK is posted just before it); widget: its onReady
  window.ready = new Promise(function (resolve) { resolveReady = resolve; });
  var resolveInitialized;
  window.initialized = new Promise(function (resolve) { resolveInitialized = resolve; }); // host: INITIALIZED received

  // Handshake timeline for bench/handshake-timeline.mjs: the first time of each step,
  // and of each message type received until the frame is ready (then the listener goes).
  window.marks = {};
  var mark = function (name) { if (!(name in window.marks)) window.marks[name] = window.now(); };
  mark("bench page script running");
  var watch = function (event) {
    if (event.data && typeof event.data.type === "string") mark("received " + event.data.type);
    if (window.readyAt > 0 || window.hostReadyAt > 0) window.removeEventListener("message", watch, true);
  };
  window.addEventListener("message", watch, true);
  if (isHost) document.addEventListener("load", function (event) { if (event.target.tagName === "IFRAME") mark("iframe load"); }, true);

  // ---- the wire, recorded on ?wire=1 pages only ----
  window.wire = null;
  if (params.get("wire")) {
    window.wire = [];
    // Compared: every key and value, but messageIds (they vary by instance and clock) and
    // SYNC_ACK's version (each implementation names itself: the reference's dist says
    // "0.9.7-beta.0", callcore "0.9.7"), of which only the type is kept. Key order is not
    // part of the protocol; undefined-valued keys are (structured clone keeps them).
    var canonical = function (value, top) {
      if (value === undefined) return "<undefined>";
      if (value === null || typeof value !== "object") return value;
      if (Array.isArray(value)) return value.map(function (v) { return canonical(v, false); });
      var out = {};
      Object.keys(value).sort().forEach(function (key) {
        var v = value[key];
        if (key === "messageId" || (top && key === "version" && value.type === "SYNC_ACK")) out[key] = "<" + typeof v + ">";
        else out[key] = canonical(v, false);
      });
      return out;
    };
    window.addEventListener("message", function (event) {
      window.wire.push(JSON.stringify(canonical(event.data, true)));
    }, true);
  }

  var onHostReady = function () {
    window.hostReadyAt = window.now();
    mark("host onReady");
    resolveReady(window.hostReadyAt);
  };
  var onWidgetReady = function () {
    window.readyAt = window.now();
    mark("widget onReady");
    resolveReady(window.readyAt);
  };
  // the host's handler for what the widget sends (CALL_DATA in every measure)
  var fromWidget = function (data, envelope) {
    if (!envelope) return;
    if (envelope.type === "INITIALIZED") { resolveInitialized(); return; }
    if (envelope.type !== "CALL_DATA") return;
    window.count += 1;
    if (window.mode === "ping") {
      if (window.count < window.target) window.sendVisibility();
      else finish();
    } else if (window.count === window.target) finish();
  };
  // the widget's handler for VISIBILITY_CHANGED (every host→widget measure)
  var onVisibility = function () {
    window.count += 1;
    if (window.mode === "pong") window.sendCallData({ pong: window.count });
    else if (window.count === window.target) finish();
  };

  var setUp = function (lib) {
    if (isHost) {
      var CallingExtensions = lib.default;
      window.host = new CallingExtensions({
        debugMode: false,
        eventHandlers: {
          onReady: onHostReady,
          onInitialized: fromWidget, // callcore's host handlers
          onCallData: fromWidget,
          defaultEventHandler: fromWidget, // the reference host's only way
        },
        iFrameOptions: { src: params.get("widget"), width: "360px", height: "620px", hostElementSelector: "#widget" },
      });
      mark("SDK constructed");
      // The same wrapper on both SDK hosts: an automatic ERROR/UNKNOWN_MESSAGE_TYPE never reaches
      // the SDK's postMessage (the reference sends one for INITIALIZED and for every CALL_DATA).
      var send = window.host.sendMessage;
      window.host.sendMessage = function (message) {
        if (message && message.type === "ERROR" && message.data && message.data.type === "UNKNOWN_MESSAGE_TYPE") {
          window.droppedErrors += 1;
          return;
        }
        send.call(this, message);
      };
      if (window.host.ready) window.host.ready.then(function () { mark("callcore core ready"); });
      window.sendVisibility = function () {
        window.host.sendMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: false } });
      };
    } else {
      var Widget = lib.default;
      var options = {
        eventHandlers: {
          onReady: function () {
            onWidgetReady();
            window.ext.initialized({ isLoggedIn: true });
          },
          onVisibilityChanged: onVisibility,
          defaultEventHandler: function () {},
        },
      };
      if (params.get("hosts")) options.allowedHostOrigins = params.get("hosts").split(",");
      window.ext = new Widget(options);
      mark("SDK constructed");
      if (window.ext.ready) window.ext.ready.then(function () { mark("callcore core ready"); });
      window.sendCallData = function (data) { window.ext.callData(data); };
    }
  };

  // ---- impl=raw: the same envelopes with window.postMessage and one listener ----
  var setUpRaw = function () {
    var instanceId = Date.now();
    var sent = 0;
    var messageId = function () { sent += 1; return instanceId + "_" + sent; };
    var hostUrl = location.protocol + "//" + location.host;
    if (isHost) {
      var src = params.get("widget");
      var peer = new URL(src, location.href).origin;
      var frame = document.createElement("iframe");
      var target = null;
      var ready = false;
      frame.onload = function () {
        target = frame.contentWindow;
        target.postMessage({ type: "SYNC", hostUrl: hostUrl, messageId: messageId() }, peer);
      };
      frame.src = src;
      frame.width = "360px";
      frame.height = "620px";
      frame.allow = "microphone; autoplay";
      frame.id = "hubspot-calling-extension-iframe";
      document.querySelector("#widget").appendChild(frame);
      mark("SDK constructed");
      window.addEventListener("message", function (event) {
        if (event.origin !== peer) return;
        var envelope = event.data;
        if (envelope.type === "SYNC_ACK") {
          if (!ready) { ready = true; onHostReady(); }
        } else fromWidget(envelope.data, envelope);
      });
      window.sendVisibility = function () {
        target.postMessage({ type: "VISIBILITY_CHANGED", data: { isMinimized: false, isHidden: false }, messageId: messageId() }, peer);
      };
    } else {
      var allowed = (params.get("hosts") || "").split(",");
      var host = null;
      mark("SDK constructed");
      window.addEventListener("message", function (event) {
        if (allowed.indexOf(event.origin) < 0) return;
        var envelope = event.data;
        if (envelope.type === "SYNC") {
          if (host) return;
          host = event.origin;
          // what the reference widget answers: the SYNC's fields, type, debugMode, version, iFrameUrl
          var ack = Object.assign({}, envelope, { type: "SYNC_ACK", debugMode: undefined, version: "0.9.7-beta.0", iFrameUrl: hostUrl });
          window.parent.postMessage(ack, host);
          onWidgetReady();
          window.parent.postMessage({ type: "INITIALIZED", data: { isLoggedIn: true }, messageId: messageId() }, host);
        } else if (envelope.type === "VISIBILITY_CHANGED") onVisibility(envelope.data, envelope);
      });
      window.sendCallData = function (data) {
        window.parent.postMessage({ type: "CALL_DATA", data: data, messageId: messageId() }, host);
      };
    }
  };

  /** n messages from this frame as fast as it can send them; returns the start time. */
  window.burst = function (n) {
    var t0 = window.now();
    if (isHost) for (var i = 0; i < n; i++) window.sendVisibility();
    else for (var j = 0; j < n; j++) window.sendCallData({ i: j });
    return t0;
  };
  /** host: n round trips, each started by the previous answer; window.done resolves after the last. */
  window.ping = function (n) {
    window.expect(n, "ping");
    var t0 = window.now();
    window.sendVisibility();
    return t0;
  };

  // ---- ?auto=<token>: the pages drive themselves (bench/no-inspector.mjs) ----
  // In a Chromium with no DevTools client: an attached inspector with its Runtime domain on
  // (as Playwright's is) makes every postMessage capture the whole JS stack, which costs
  // the deeper caller more. The frames talk to the bench through a mailbox on the bench's
  // servers (/ctl/send, /ctl/recv: one queue per token and side), never over the wire.
  var auto = params.get("auto");
  if (auto) {
    for (var level of ["log", "debug", "info", "warn", "error", "trace"]) console[level] = function () {};
    var send = function (to, message) {
      return fetch("/ctl/send?token=" + auto + "&to=" + to, { method: "POST", body: JSON.stringify(message) });
    };
    var recv = function (as) {
      return fetch("/ctl/recv?token=" + auto + "&as=" + as).then(function (r) { return r.json(); });
    };
    if (isHost) {
      // One round per command from the bench: a widget→host burst, a host→widget burst, ping-pong.
      (async function () {
        await window.ready;
        await window.initialized;
        send("bench", { ready: true });
        for (;;) {
          var cmd = await recv("host");
          if (cmd.stop) { send("widget", { stop: true }); return; }
          window.expect(cmd.messages);
          send("widget", { burst: cmd.messages });
          var t1 = await window.done;
          var t0 = (await recv("host")).t0;
          send("widget", { expect: cmd.messages });
          await recv("host"); // armed
          var s0 = window.burst(cmd.messages);
          var s1 = (await recv("host")).t1;
          send("widget", { expect: 0, mode: "pong" });
          await recv("host"); // armed
          var p0 = window.ping(cmd.pings);
          var p1 = await window.done;
          send("bench", {
            w2h: cmd.messages / ((t1 - t0) / 1000),
            h2w: cmd.messages / ((s1 - s0) / 1000),
            rtt: (p1 - p0) / cmd.pings,
          });
        }
      })();
    } else {
      (async function () {
        await window.ready;
        for (;;) {
          var cmd = await recv("widget");
          if (cmd.stop) return;
          if (cmd.burst) {
            send("host", { t0: window.burst(cmd.burst) });
          } else {
            window.expect(cmd.expect, cmd.mode);
            if (cmd.mode !== "pong") window.done.then(function (t) { send("host", { t1: t }); });
            send("host", { armed: true });
          }
        }
      })();
    }
  }

  if (impl === "raw") {
    setUpRaw();
    return;
  }
  var script = document.createElement("script");
  script.src = "/lib/" + (impl === "reference" ? "reference" : "callcore") + ".js";
  script.onload = function () {
    mark("SDK script loaded");
    setUp(impl === "reference" ? window.HubSpotCallingExtensions : window.callcore);
  };
  document.head.appendChild(script);
})();
