// The reference SDK's `Constants` export, built from the core's catalogue so
// that no message name or status is restated here.
import catalog from "../generated/catalog.mjs";

const byType = (types) => Object.fromEntries(types.map((type) => [type, type]));
const internal = (values) => Object.fromEntries(values.map((value) => [`INTERNAL_${value}`, value]));
const live = catalog.messages.filter((m) => !m.removed);

export const VERSION = catalog.sdkVersion;

// Labels of the SDK's debug log lines (glue logging, not protocol).
export const debugMessageType = {
  FROM_HUBSPOT: "From HubSpot",
  TO_HUBSPOT: "To HubSpot",
  GENERIC_MESSAGE: "Generic Message",
};

// SET_WIDGET_URL has a method but the SDK lists it among the miscellaneous types.
export const thirdPartyToHostEvents = byType(
  live.filter((m) => m.direction === "widget-to-host" && m.method && m.type !== "SET_WIDGET_URL").map((m) => m.type),
);

export const messageType = byType(live.map((m) => m.type));

export const messageHandlerNames = Object.fromEntries(
  live.filter((m) => m.widgetHandler).map((m) => [m.type, m.widgetHandler]),
);

export const errorType = byType(catalog.enums.errorType);
export const callStatus = internal(catalog.enums.callStatus);
export const callRingingStatus = internal(catalog.enums.callRingingStatus);
export const callInProgressStatus = internal(catalog.enums.callInProgressStatus);
export const callEndingStatus = internal(catalog.enums.callEndingStatus);
export const callEndStatus = internal(catalog.enums.callEndStatusConstants);

export const [CONTACT, COMPANY] = catalog.enums.callerIdType;
export const callerIdTypes = byType(catalog.enums.callerIdType);
