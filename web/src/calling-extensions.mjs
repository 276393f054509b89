// The drop-in CallingExtensions class: the reference SDK's constructor, members
// and calling conventions. Each SDK method calls this.sendMessage({type, data}),
// sendMessage calls iFrameManager.sendMessage, and every message the manager
// receives reaches this.onMessageHandler, as in the reference; the core judges
// every message underneath and picks the handlers (see iframe-manager.mjs).
import catalog from "../generated/catalog.mjs";
import { debugMessageType, VERSION } from "./constants.mjs";
import IFrameManager from "./iframe-manager.mjs";

const PREFIX = `[callcore@${VERSION}]`;

export default class CallingExtensions {
  constructor(options) {
    if (!options || !options.eventHandlers) throw new Error("Invalid options or missing eventHandlers.");
    this.options = options;
    this.iFrameManager = new IFrameManager(
      {
        iFrameOptions: options.iFrameOptions,
        debugMode: options.debugMode,
        onMessageHandler: (event) => this.onMessageHandler(event),
      },
      options,
    );
  }

  sendMessage(message) {
    this.iFrameManager.sendMessage(message);
  }

  logDebugMessage({ message, type = debugMessageType.GENERIC_MESSAGE }) {
    this.iFrameManager.logDebugMessage(PREFIX, type, message);
  }

  /**
   * Every message for the app, and the READY and SYNC_ACK_FAILED the SDK makes
   * up. The core chooses: the *_FAILED catch-all, the type's handler or
   * defaultEventHandler, and the UNKNOWN_MESSAGE_TYPE reply (sent through
   * this.sendMessage). Handlers are read from options.eventHandlers each time.
   */
  onMessageHandler(event) {
    const { data } = event;
    this.iFrameManager.callcore.dispatch(event, {
      call: (name) => this.options.eventHandlers[name](data, event),
      send: (message) => this.sendMessage(message),
    });
  }

  /** callcore: the core's view of the conversation (phase, login, calls); null until loaded. */
  getState() {
    return this.iFrameManager.callcore.state();
  }

  /** callcore: settles once the WebAssembly core is loaded and this instance has its session. */
  get ready() {
    return this.iFrameManager.callcore.ready;
  }

  /** callcore: stops listening, cancels timers and releases the core session. */
  destroy() {
    this.iFrameManager.remove();
  }
}

// One method per SDK method of the catalogue, each sending its message through
// this.sendMessage as the reference does: {type} for the methods without an
// argument, {type, data} for the others (data undefined when omitted).
for (const [method, { type, data }] of Object.entries(catalog.methods)) {
  CallingExtensions.prototype[method] = data
    ? function sdkMethod(payload) {
        this.sendMessage({ type, data: payload });
      }
    : function sdkMethod() {
        this.sendMessage({ type });
      };
}
