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

export function installCheckHook({ host, crm }) {
  window.callcoreCheck = {
    /** Everything recorded since the last take(). */
    take: () => recorded.splice(0, recorded.length),
    /** Loads the widget under test, allowing its origin as HubSpot allows a registered app's. */
    mount(url, { width = 400, height = 650 } = {}) {
      host.extOptions = { ...CHECK_HOST_OPTIONS, allowedWidgetOrigins: [new URL(url).origin] };
      host.mount({ appId: "check", name: "Widget under test", url, width, height });
    },
    /** Click-to-call on the contact with this number: DIAL_NUMBER with the record's context. */
    async dial(number) {
      const contact = await contactWithNumber(crm, number);
      return host.dial("contacts", contact, number);
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
