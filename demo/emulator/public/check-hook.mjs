// `callcore check` (cli/) drives this page headless when it is opened with ?callcore-check.
// Two things happen here and nowhere else:
//  1. the host's CallingExtensions gets the glue's input-trace hook (onCoreTrace): every input
//     its core session is fed (its creation, a message from the widget, a send, a dispatch to
//     the handlers, a timer tick, an iframe load, the page going away) and every envelope it
//     posts is recorded with its time, so the runner can replay the very same inputs through
//     the same core in Node and judge them;
//  2. window.callcoreCheck lets the runner do what a HubSpot user would: load a widget, press
//     Call on a contact, End call, minimise the widget.
// A normal visit of the emulator never loads this behaviour.
//
// Surfaces (README, "Surfaces"): the runner picks the frame the widget under test is mounted in.
//   /?callcore-check=1                  the record page's dock: SYNC says iframeLocation "widget"
//   /?callcore-check=1&surface=remote   the nav bar's frame of this tab (opened): "remote"
//   /calling-integration-popup-ui/<portalId>?callcore-check=1
//                                       the calling window page: "window" (add
//                                       &usesCallingWindow=false for the app-opened popup)
// Each page is a tab of its own (several tabs with a remote frame each: open the second URL in
// several pages). window.callcoreCheck.surface says which one this page mounts;
// callcoreCheck.callingWindowUrl({usesCallingWindow}) gives the calling window's check-mode path
// for this emulator's portal; mount(url, {usesCallingWindow}) sets what SYNC's usesCallingWindow
// says (default false on the dock and the remote frame, the query's on the calling window).
// Outside check mode the pages warn before leaving a call (confirm, beforeunload); here they do
// not, so a runner can navigate freely between scenarios. A scenario that leaves the record page
// calls leave(), which warns as the page does (the runner accepts the dialog) and takes the dock's
// widget away. dialInCallingWindow(number) is a tab's click-to-call when the app uses the calling
// window: the dial goes over the emulator's channel to the calling window page, whose host sends
// DIAL_NUMBER to its widget.
import { CHANNEL_NAME } from "./presence.mjs";
import { LEAVE_WARNING, openCall } from "./surfaces.mjs";

export const CHECK_MODE = new URLSearchParams(location.search).has("callcore-check");

/** What the hook recorded since the runner last took it. */
const recorded = [];

/**
 * The host's session under test: strict, so the core refuses what breaks a rule and says why;
 * calls ended but not completed are reported after 5 s instead of a minute, so that a
 * scenario's bounded wait can still see the core's own finding; every input recorded, in the
 * form the runner's trace keeps (cli/lib/trace.mjs).
 */
export const CHECK_HOST_OPTIONS = {
  policy: "strict",
  completionTimeoutMs: 5000,
  onCoreTrace: (entry) => recorded.push(entry),
};

/** A seeded contact whose phone is `number` (the runner dials and rings with known numbers). */
async function contactWithNumber(crm, number) {
  await crm.load();
  const contact = crm.records.contacts.find((c) => c.phone === number);
  if (!contact) throw new Error(`no contact has the number ${number}`);
  return contact;
}

export function installCheckHook({ host, crm, config = {}, surface = host.surface }) {
  window.callcoreCheck = {
    /** The surface this page mounts the widget on: "widget", "remote" or "window". */
    surface,
    /** The calling window page's path in check mode, for this emulator's portal. */
    callingWindowUrl: ({ usesCallingWindow } = {}) => {
      const query = new URLSearchParams({ "callcore-check": "1" });
      if (usesCallingWindow === false) query.set("usesCallingWindow", "false");
      return `/calling-integration-popup-ui/${config.portalId}?${query}`;
    },
    /** Everything recorded since the last take(). */
    take: () => recorded.splice(0, recorded.length),
    /**
     * Loads the widget under test, allowing its origin as HubSpot allows a registered app's.
     * usesCallingWindow: what SYNC says (unchanged when not given).
     */
    mount(url, { width = 400, height = 650, usesCallingWindow } = {}) {
      host.extOptions = { ...CHECK_HOST_OPTIONS, allowedWidgetOrigins: [new URL(url).origin] };
      if (typeof usesCallingWindow === "boolean") host.usesCallingWindow = usesCallingWindow;
      host.mount({ appId: "check", name: "Widget under test", url, width, height, settings: {} });
    },
    /** Click-to-call on the contact with this number: DIAL_NUMBER with the record's context. */
    async dial(number) {
      const contact = await contactWithNumber(crm, number);
      return host.dial("contacts", contact, number);
    },
    /**
     * A tab's click-to-call with the calling window on: the dial message a tab hands the calling
     * window (app.mjs' callFrom), repeated until the window takes it (dial-result) or 20 s pass.
     */
    async dialInCallingWindow(number) {
      const contact = await contactWithNumber(crm, number);
      if (typeof BroadcastChannel !== "function") return false;
      const channel = new BroadcastChannel(CHANNEL_NAME);
      const dialId = `check-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const message = { type: "dial", dialId, kind: "contacts", recordId: contact.id, phoneNumber: number };
      const until = Date.now() + 20000;
      let timer = null;
      const stop = () => {
        clearTimeout(timer);
        channel.close();
      };
      channel.onmessage = (event) => {
        if (event.data && event.data.type === "dial-result" && event.data.dialId === dialId) stop();
      };
      const send = () => {
        if (Date.now() > until) return stop();
        channel.postMessage(message);
        timer = setTimeout(send, 300);
      };
      send();
      return true;
    },
    /**
     * Leaves the page the dock's widget belongs to, as a route change does outside check mode:
     * when the widget holds a call, the page asks first (confirm, LEAVE_WARNING); on OK the widget
     * goes with the page (its session hears the page went away). The remote frame and the calling
     * window are not the page's: leaving keeps them. false when the user chose to stay.
     */
    async leave() {
      if (surface !== "widget") return true;
      if (openCall(host.state()) && !confirm(LEAVE_WARNING)) return false;
      await host.leave();
      return true;
    },
    endCall: () => host.endCall(),
    setVisibility: (visibility) => host.setVisibility(visibility),
    /** An ERROR as the host sends it for a type it does not know (docs/protocol.md 2.2). */
    sendUnknownTypeError(originalType) {
      host.send("ERROR", {
        type: "UNKNOWN_MESSAGE_TYPE",
        data: { originalMessage: { type: originalType, messageId: `check_${Date.now()}` } },
      });
    },
    ready: true,
  };
}
