// A TypeScript softphone written against @hubspot/calling-extensions-sdk's own
// exported payload types, with only its import lines changed to "callcore".
// types.test.mjs compiles it.
import CallingExtensions, { Constants } from "callcore";
import type {
  OnCallAnswered,
  OnCallCompleted,
  OnCallEnded,
  OnIncomingCall,
  OnInitialized,
  OnOutgoingCall,
} from "callcore";

const initial: OnInitialized = { isLoggedIn: true };
const outgoing: OnOutgoingCall = { externalCallId: "call-1", fromNumber: "+18884827768" };
const incoming: OnIncomingCall = { externalCallId: "in-1", fromNumber: "+442073238299", toNumber: "+18884827768" };
const answered: OnCallAnswered = { externalCallId: "call-1" };
const ended: OnCallEnded = { externalCallId: "call-1", engagementId: 5, callEndStatus: "COMPLETED" };
const completed: OnCallCompleted = { externalCallId: "call-1", engagementId: 5 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const eventHandlers: any = {
  onReady: () => ext.initialized(initial),
  onDialNumber: (data: { phoneNumber: string }) => ext.outgoingCall({ ...outgoing, toNumber: data.phoneNumber }),
};
const ext = new CallingExtensions({ debugMode: false, eventHandlers });
ext.incomingCall(incoming);
ext.callAnswered(answered);
ext.callEnded(ended);
ext.callCompleted(completed);
void Constants.messageType.DIAL_NUMBER;
