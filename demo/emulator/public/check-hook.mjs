// `callcore check` (cli/) drives this page headless when it is opened with ?callcore-check.
// Two things happen here and nowhere else:
//  1. every event the host's core session is fed (a message from the widget, a send, a timer
//     tick, an iframe load) and every envelope it posts is recorded with its time, so the
//     runner can replay the very same inputs through the same core in Node and judge them;
//  2. window.callcoreCheck lets the runner do what a HubSpot user would: load a widget, press
//     Call on a contact, End call, minimise the widget.
// A normal visit of the emulator never loads this behaviour.
export const CHECK_MODE = new URLSearchParams(location.search).has("callcore-check");

/**
 * The host's session under test: strict, so the core refuses what breaks a rule and says why;
 * calls ended but not completed are reported after 5 s instead of a minute, so that a
 * scenario's bounded wait can still see the core's own finding.
 */
export const CHECK_HOST_OPTIONS = { policy: "strict", completionTimeoutMs: 5000 };

// JSON has no `undefined`; the core's JSON spells it CALLCORE_UNDEFINED (core/include/callcore.h),
// and so does the trace, so that what is replayed is exactly what the page saw.
const UNDEFINED = "\u001bundefined";
const keepUndefined = (_key, value) => (value === undefined ? UNDEFINED : value);
const plain = (value) => JSON.parse(JSON.stringify(value, keepUndefined));

/** Wraps the page's core so that each new session reports its inputs and posts to `record`. */
async function recordSessions(record) {
  const core = await callcore.loadCore();
  const create = core.createSession.bind(core);
  let sessions = 0;
  core.createSession = (options) => {
    const session = create(options);
    const id = ++sessions;
    record({ t: Date.now(), session: id, input: "create", options: plain(options) });
    const wrap = (name, describe) => {
      const original = session[name].bind(session);
      session[name] = (...args) => {
        record({ t: args[args.length - 1], session: id, input: name, ...describe(...args) });
        return original(...args);
      };
    };
    wrap("receive", (origin, fromPeer, json) => ({ origin, fromPeer: Boolean(fromPeer), json }));
    wrap("call", (method, json) => ({ method, json }));
    for (const name of ["tick", "iframeLoaded", "unload"]) wrap(name, () => ({}));
    const drain = session.drain.bind(session);
    session.drain = () => {
      const actions = drain();
      const t = Date.now();
      for (const action of actions) {
        if (action.action === "post") {
          record({ t, session: id, output: "post", targetOrigin: action.targetOrigin, envelope: plain(action.envelope) });
        }
      }
      return actions;
    };
    return session;
  };
}

/** A seeded contact whose phone is `number` (the runner dials and rings with known numbers). */
async function contactWithNumber(crm, number) {
  await crm.load();
  const contact = crm.records.contacts.find((c) => c.phone === number);
  if (!contact) throw new Error(`no contact has the number ${number}`);
  return contact;
}

export async function installCheckHook({ host, crm }) {
  const events = [];
  await recordSessions((event) => events.push(event));
  window.callcoreCheck = {
    /** Everything recorded since the last take(). */
    take: () => events.splice(0, events.length),
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
    /** An ERROR as the host sends it for a type it does not know (PROTOCOL.md 2.2). */
    sendUnknownTypeError(originalType) {
      host.send("ERROR", {
        type: "UNKNOWN_MESSAGE_TYPE",
        data: { originalMessage: { type: originalType, messageId: `check_${Date.now()}` } },
      });
    },
    ready: true,
  };
}
