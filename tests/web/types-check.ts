// Compiled (never run) by types.test.mjs with `tsc --noEmit --strict`: a
// softphone written against callcore's declarations. Every `@ts-expect-error`
// line is a misuse the declarations must reject (tsc fails if one compiles).
import CallingExtensions, { CallingExtensions as Named, Constants, IFrameManager, loadCore } from "callcore";
import type { EventHandlers as ReferenceHandlers, Options as ReferenceOptions } from "@hubspot/calling-extensions-sdk";

// every handler and option the reference declares exists here too
type MissingHandlers = Exclude<keyof ReferenceHandlers, keyof EventHandlers>;
type MissingOptions = Exclude<keyof ReferenceOptions, keyof Options>;
const noHandlerMissing: [MissingHandlers] extends [never] ? true : false = true;
const noOptionMissing: [MissingOptions] extends [never] ? true : false = true;
void [noHandlerMissing, noOptionMissing];
import type {
  CallEndedData,
  CallState,
  CoreAction,
  CoreTraceEntry,
  DialNumberData,
  Envelope,
  EventHandlers,
  Options,
  ReadyData,
  Violation,
  ViolationCode,
  ViolationOutcome,
} from "callcore";

const sameClass: typeof CallingExtensions = Named;

const handlers: EventHandlers = {
  onReady(data, envelope) {
    const portalId: number | undefined = data.portalId;
    const hostUrl: string | undefined = data.hostUrl;
    const ownerId: string | number | undefined = data.ownerId;
    const ready: ReadyData | undefined = envelope.data;
    void [portalId, hostUrl, ownerId, ready];
    ext.initialized({ isLoggedIn: true, isAvailable: false, sizeInfo: { width: 400, height: 650 } });
  },
  onDialNumber(data, envelope) {
    const phone: string = data.phoneNumber;
    const callee: number | undefined = data.calleeInfo?.calleeId;
    const payload: DialNumberData | undefined = envelope.data;
    const id: string | undefined = envelope.messageId;
    void [phone, callee, payload, id];
    ext.outgoingCall({ externalCallId: "call-1", toNumber: phone, fromNumber: "+18884827768", createEngagement: true });
  },
  onCreateEngagementSucceeded(data) {
    const engagementId: number = data.engagementId;
    void engagementId;
  },
  onCreateEngagementFailed(data) {
    const message: string | undefined = data.error?.message;
    void message;
  },
  onCallerIdMatchSucceeded(data) {
    for (const match of data.callerIdMatches) {
      const kind: "CONTACT" | "COMPANY" = match.callerIdType;
      const objectId: number = match.objectCoordinates.objectId;
      void [kind, objectId];
    }
  },
  onVisibilityChanged(data) {
    const hidden: boolean | undefined = data.isHidden;
    void hidden;
  },
  onEndCall(data, envelope) {
    void [data, envelope.type];
  },
  FAILED(data, envelope) {
    void [data, envelope];
  },
  defaultEventHandler(data, envelope) {
    const type: string = envelope.type;
    void [data, type];
  },
  onViolation(violation: Violation) {
    const code: ViolationCode = violation.code;
    const overflow: ViolationCode = "MORE_VIOLATIONS";
    const outcome: ViolationOutcome = violation.outcome;
    void [overflow, outcome];
    const severity: "error" | "warning" = violation.severity;
    const sentence: string = violation.message;
    void [code, severity, sentence];
  },
  onTraffic(record) {
    const direction: "inbound" | "outbound" = record.direction;
    const envelope: Envelope = record.envelope;
    const findings: Violation[] = record.violations;
    void [direction, envelope, findings, record.time.toFixed(0)];
  },
};

const options: Options = {
  eventHandlers: handlers,
  debugMode: false,
  policy: "strict",
  allowedHostOrigins: ["https://app.hubspot.com", "https://app-*.hubspot.com"],
};
const ext = new CallingExtensions(options);

const ended: CallEndedData = { externalCallId: "call-1", engagementId: 5, callEndStatus: "NO_ANSWER" };
ext.callAnswered({ externalCallId: "call-1" });
ext.callAnswered(); // the reference lets the payload be omitted (data: undefined on the wire)
ext.callEnded(ended);
ext.callCompleted({
  externalCallId: "call-1",
  engagementId: 5,
  hideWidget: false,
  engagementProperties: { hs_call_body: "notes", hs_call_direction: "OUTBOUND", hs_call_status: "COMPLETED" },
});
ext.incomingCall({ externalCallId: "in-1", fromNumber: "+442073238299", toNumber: "+18884827768" });
ext.navigateToRecord({ objectCoordinates: { portalId: 1, objectId: 2, objectTypeId: "0-1" } });
ext.resizeWidget({ width: 400, height: 650 });
ext.finalizeEngagement({ externalCallId: "call-1", engagementId: 5 });
ext.setWidgetUrl({ iFrameUrl: "https://widget.example.com/eu" });
ext.sendError({ message: "microphone blocked" });
ext.callData({ anything: true });
ext.userLoggedIn();
ext.userAvailable();
ext.sendMessage({ type: "SET_WIDGET_URL", iFrameUrl: "https://widget.example.com/eu" });
const ready: Promise<void> = ext.ready;
const state = ext.getState();
ext.destroy();

const host = new CallingExtensions({
  eventHandlers: { onInitialized: (data) => void data.isLoggedIn, onResizeWidget: (data) => void data.width },
  iFrameOptions: { src: "https://widget.example.com/", width: "400px", height: 650, hostElementSelector: "#widget" },
  syncFields: { portalId: 123456, userId: 42 },
});

const dial: "DIAL_NUMBER" = Constants.messageType.DIAL_NUMBER;
const unknownType: "UNKNOWN_MESSAGE_TYPE" = Constants.errorType.UNKNOWN_MESSAGE_TYPE;
const version: string = Constants.VERSION;
const frame: HTMLIFrameElement | null = IFrameManager.createIFrame(
  { src: "https://widget.example.com/", width: 1, height: 1, hostElementSelector: "#w" },
  () => {},
);
const core: Promise<unknown> = loadCore();

// the input-trace hook and the core it records for
const traced = new CallingExtensions({
  eventHandlers: {},
  onCoreTrace(entry: CoreTraceEntry) {
    if ("input" in entry && entry.input === "receive") {
      const text: string = entry.json;
      const fromPeer: boolean | "gone" = entry.fromPeer;
      void [text, fromPeer];
    } else if ("input" in entry && entry.input === "call") {
      const payload: string | null = entry.json;
      void payload;
    } else if ("output" in entry) {
      const posted: Envelope = entry.envelope;
      void [posted, entry.targetOrigin, entry.t, entry.session];
    }
  },
});
void loadCore().then((loaded) => {
  const session = loaded.createSession({ role: "widget", instanceId: Date.now() });
  const actions: CoreAction[] = session.drain();
  for (const action of actions) {
    if (action.action === "timer") void (action.delayMs ?? 0).toFixed(0);
    if (action.action === "violation") void action.direction.toUpperCase();
  }
  void session.apply({ t: Date.now(), session: 1, input: "tick" });
  const state: CallState = "inProgress";
  void state;
  session.free();
});
void traced;
void [sameClass, ready, state, host, dial, unknownType, version, frame, core];

// ---- misuse the declarations must reject ----

// @ts-expect-error eventHandlers is required
new CallingExtensions({});

// @ts-expect-error policy is "off" | "warn" | "strict"
new CallingExtensions({ eventHandlers: {}, policy: "loud" });

// @ts-expect-error onCoreTrace takes a trace entry
new CallingExtensions({ eventHandlers: {}, onCoreTrace: (entry: string) => void entry });

// @ts-expect-error a call's state is one of the catalogue's
const notAState: CallState = "onHold";
void notAState;

// @ts-expect-error allowedHostOrigins is a list
new CallingExtensions({ eventHandlers: {}, allowedHostOrigins: "https://app.hubspot.com" });

// @ts-expect-error externalCallId is a string
ext.outgoingCall({ externalCallId: 42 });

// @ts-expect-error an outgoing call needs its externalCallId
ext.outgoingCall({ toNumber: "+442073238299" });

// @ts-expect-error callEndStatus is one of the wire values
ext.callEnded({ externalCallId: "call-1", callEndStatus: "HUNG_UP" });

// @ts-expect-error userLoggedIn takes no argument
ext.userLoggedIn({ isLoggedIn: true });

// @ts-expect-error not a method of CallingExtensions
ext.callStarted({ externalCallId: "call-1" });

const typedHandlers: EventHandlers = {
  // @ts-expect-error onDialNumber's data is DialNumberData, whose phoneNumber is a string
  onDialNumber: (data: { phoneNumber: number }) => void data,
  onCreateEngagementSucceeded: (data) => {
    // @ts-expect-error engagementId is a number
    const id: string = data.engagementId;
    void id;
  },
  onReady: (data) => {
    // @ts-expect-error ReadyData has no such typed field; it is unknown, not any
    const n: number = data.somethingElse;
    void n;
  },
};
void typedHandlers;

// @ts-expect-error a handler is a function
const notAFunction: EventHandlers = { onReady: "yes" };
void notAFunction;

// @ts-expect-error messageType holds only the catalogue's types
void Constants.messageType.NOT_A_TYPE;
