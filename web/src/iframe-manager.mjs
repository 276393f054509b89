// IFrameManager: the reference SDK's window layer, member for member (the
// constructor, the statics, sendMessage, onMessage, onReady, sendSync, ...), so
// that an app which builds, wraps, spies on or subclasses it sees what it sees
// with the reference. Under it, one core session decides: which message is
// accepted, what SYNC_ACK says, when a SYNC goes out, where posts go. This file
// only routes each of the core's actions through the member the SDK uses.
import catalog from "../generated/catalog.mjs";
import { debugMessageType, messageType, VERSION } from "./constants.mjs";
import InstanceChannel from "./instance-channel.mjs";
import SessionLink from "./session-link.mjs";

const IFRAME_ID = "hubspot-calling-extension-iframe";
// speaker-selection: Firefox refuses to pick an audio output without it (HubSpot added it after 0.9.7).
const IFRAME_ALLOW = "microphone; autoplay; speaker-selection";
const PREFIX = `[callcore@${VERSION}]`;

// The core's own messages on their way through sendMessage (SYNC_ACK, SYNC, ...),
// with the origin the core posts them to: already judged, they are posted as they are.
const judged = new WeakMap();

function originOf(url) {
  try {
    return new URL(url, globalThis.location && globalThis.location.href).origin;
  } catch {
    return "";
  }
}

/**
 * The core session's options: what only the page and this manager know, then
 * each option the catalogue lists for the role that the manager has not set
 * itself, copied from the app's options when given (null counts as not given).
 */
function sessionOptions(manager, iFrameOptions, sdkOptions) {
  const o = sdkOptions;
  const role = manager.isIFrameHost ? "host" : "widget";
  const options = {
    role,
    instanceId: manager.instanceId,
    handlers: Object.keys(o.eventHandlers || {}),
    debugMode: manager.debugMode,
    deliver: true,
    // The two shortcuts the core offers this glue (see session-link.mjs): a
    // received message's handlers come with it, and an app's message the
    // core left unchanged is posted as the app's own object.
    previewDispatch: true,
    postAsIs: true,
  };
  if (manager.isIFrameHost) {
    options.hostOrigin = window.location.origin;
    options.iframeOrigin = originOf(iFrameOptions.src);
  } else {
    options.ownOrigin = window.location.origin;
    options.referrerOrigin = document.referrer ? originOf(document.referrer) : "";
  }
  for (const { name, roles } of catalog.appOptions) {
    if (roles.includes(role) && !(name in options) && o[name] !== undefined && o[name] !== null) options[name] = o[name];
  }
  // Each instance of the app names itself on the channel; an app may choose the name.
  const { instances } = options;
  if (instances && typeof instances === "object" && !Array.isArray(instances) && instances.member === undefined) {
    options.instances = { ...instances, member: randomMember() };
  }
  return options;
}

/** A name no other instance of the app has: a UUID where the page offers one. */
function randomMember() {
  const crypto = globalThis.crypto;
  if (crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export default class IFrameManager {
  /**
   * @param {{iFrameOptions?: object, onMessageHandler: function, debugMode?: boolean}} options
   *   as the reference takes them
   * @param {object} [sdkOptions] callcore: the CallingExtensions options (policy,
   *   allowed origins, eventHandlers for onViolation/onTraffic, ...)
   */
  constructor(options, sdkOptions = {}) {
    this.options = options;
    const { iFrameOptions, onMessageHandler, debugMode } = options;
    this.onMessageHandler = onMessageHandler;
    if (!this.onMessageHandler) throw new Error("Invalid options: onMessageHandler is not defined");
    this.isIFrameHost = !!iFrameOptions;
    this.debugMode = debugMode;
    this.callbacks = {};
    this.instanceId = Date.now();
    this.instanceRegexp = new RegExp(`^${this.instanceId}`);
    this.isReady = false;
    this.firstSyncSent = 0;
    this.nextSync = null;

    const handlers = () => sdkOptions.eventHandlers || {};
    const coreOptions = sessionOptions(this, iFrameOptions, sdkOptions);
    this.callcore = new SessionLink(coreOptions, {
      post: (envelope, targetOrigin, via) => this.route(envelope, targetOrigin, via),
      deliver: (action, received) => this.deliver(action, received),
      accepted: (message) => this.logDebugMessage(PREFIX, debugMessageType.FROM_HUBSPOT, message.type, message),
      resize: (width, height) => this.updateIFrameSize({ width, height }),
      destination: (origin) => {
        this.destinationHost = origin;
      },
      peer: (message) => this.instanceChannel && this.instanceChannel.post(message),
      observers: () => {
        const { onViolation, onTraffic, onInstancesChanged } = handlers();
        const { onCoreTrace } = sdkOptions;
        return {
          onViolation: typeof onViolation === "function" ? onViolation : null,
          onTraffic: typeof onTraffic === "function" ? onTraffic : null,
          onCoreTrace: typeof onCoreTrace === "function" ? onCoreTrace : null,
          onInstancesChanged: typeof onInstancesChanged === "function" ? onInstancesChanged : null,
        };
      },
    });
    this.instanceChannel = null;
    const channelName = coreOptions.instances && coreOptions.instances.channel;
    if (typeof channelName === "string") {
      this.instanceChannel = new InstanceChannel(channelName, (text) => this.callcore.peer(text));
      if (!this.instanceChannel.open) console.warn(`${PREFIX} option instances: this page has no BroadcastChannel, so this instance works alone`);
    }

    this.messageHandler = (event) => this.onMessage(event);
    window.addEventListener("message", this.messageHandler);
    this.pageHide = () => this.callcore.unload();
    window.addEventListener("pagehide", this.pageHide);

    if (iFrameOptions) {
      this.iFrame = IFrameManager.createIFrame(
        iFrameOptions,
        () => {
          this.firstSyncSent = Date.now();
          this.isReady = false;
          this.callcore.iframeLoaded(); // the core's SYNC comes back through sendSync
        },
        () => this.handleLoadError(),
      );
    } else {
      this.iFrame = null;
    }
    this.destinationWindow = iFrameOptions && this.iFrame ? this.iFrame.contentWindow : window.parent;
    this.destinationHost = IFrameManager.getDestinationHost(iFrameOptions);
  }

  /** "<instanceId>_<Date.now()>", the reference's form (the core makes the ids it sends). */
  static createMessageId(instanceId) {
    return `${instanceId}_${Date.now()}`;
  }

  static getHostElement(hostElementSelector) {
    const hostElement = document.querySelector(hostElementSelector);
    if (!hostElement) throw new Error(`no element matches hostElementSelector ${hostElementSelector}`);
    return hostElement;
  }

  /** "protocol//host" of a URL, relative ones resolved against the page, as an <a> resolves them. */
  static extractHostFromUrl(url) {
    const link = document.createElement("a");
    link.href = url;
    return `${link.protocol}//${link.host}`;
  }

  /** The host: the iframe's origin; the widget: the referrer's (the page's own when there is none). */
  static getDestinationHost(iFrameOptions) {
    return IFrameManager.extractHostFromUrl(iFrameOptions ? iFrameOptions.src : document.referrer);
  }

  static formatSize(size) {
    return typeof size === "number" ? `${size}px` : size;
  }

  /** Builds the widget iframe in the host element (emptied first); returns it. */
  static createIFrame(iFrameOptions, onLoadCallback, onLoadErrorCallback) {
    const { src, width, height, hostElementSelector } = iFrameOptions;
    if (!src || !width || !height || !hostElementSelector) {
      throw new Error("iFrameOptions needs all of src, width, height and hostElementSelector");
    }
    const iFrame = document.createElement("iframe");
    iFrame.onload = onLoadCallback;
    iFrame.onerror = onLoadErrorCallback;
    iFrame.src = src;
    iFrame.width = width;
    iFrame.height = height;
    iFrame.allow = IFRAME_ALLOW;
    iFrame.id = IFRAME_ID;
    const element = IFrameManager.getHostElement(hostElementSelector);
    element.innerHTML = "";
    element.appendChild(iFrame);
    return element.querySelector("iframe");
  }

  handleLoadError() {
    this.onMessageHandler({ type: messageType.SYNC_ACK_FAILED });
  }

  updateIFrameSize(sizeInfo) {
    const { width, height } = sizeInfo;
    if (!this.iFrame) return;
    if (width) this.iFrame.setAttribute("width", IFrameManager.formatSize(width));
    if (height) this.iFrame.setAttribute("height", IFrameManager.formatSize(height));
  }

  onReady(data = {}) {
    this.isReady = true;
    this.onMessageHandler({ type: messageType.READY, data });
  }

  /** Stops listening and (host) empties the host element; the core session is released. */
  remove() {
    window.removeEventListener("message", this.messageHandler);
    window.removeEventListener("pagehide", this.pageHide);
    if (this.instanceChannel) {
      // Leaving: the core hands this instance's calls to the others before it goes.
      this.callcore.unload();
      this.instanceChannel.close();
      this.instanceChannel = null;
    }
    this.callcore.close();
    if (this.iFrame && this.options && this.options.iFrameOptions) {
      IFrameManager.getHostElement(this.options.iFrameOptions.hostElementSelector).innerHTML = "";
      this.isReady = false;
      this.iFrame = null;
      this.options = null;
    }
  }

  /**
   * Every message sent goes through here, as in the reference. An app's message
   * is judged by the core (checked, tracked, given its messageId, queued until
   * the handshake); the core's own (SYNC, SYNC_ACK, ...) come back here judged.
   * `callback`: kept in `callbacks` for a message of the core's; the core alone
   * answers replies (only SYNC has one), so it is never called.
   */
  sendMessage(message, callback) {
    const targetOrigin = judged.get(message);
    if (targetOrigin === undefined) {
      this.callcore.call("sendMessage", message);
      return;
    }
    judged.delete(message);
    if (callback) this.callbacks[message.messageId] = callback;
    this.post(message, targetOrigin);
  }

  onMessage(event) {
    // No source: the window that posted is gone (a widget page posting as it unloads); the core
    // decides what, if anything, it takes from one (CALLCORE_SOURCE_GONE).
    const { source } = event;
    const fromPeer = source === null ? "gone" : source === this.destinationWindow;
    this.callcore.receive(event.data, event.origin, fromPeer);
  }

  /**
   * Sends the SYNC the core has due. Called by the app itself, it sends none of
   * its own: the core's cycle sends the next one within 100 ms (and gives up
   * after 30 s with SYNC_ACK_FAILED, as the reference does here).
   */
  sendSync() {
    const next = this.nextSync;
    this.nextSync = null;
    if (!next) {
      this.callcore.tick();
      return;
    }
    judged.set(next.envelope, next.targetOrigin);
    this.sendMessage(next.envelope);
  }

  logDebugMessage(...args) {
    if (this.debugMode) {
      console.log(args);
      return;
    }
    console.debug(args);
  }

  // ---- callcore: the core's actions, each through the member the reference uses ----

  route(envelope, targetOrigin, via) {
    if (via === "sendSync") {
      this.nextSync = { envelope, targetOrigin };
      this.sendSync();
    } else if (via) {
      judged.set(envelope, targetOrigin);
      this.sendMessage(envelope);
    } else {
      this.post(envelope, targetOrigin); // an app's message: it came through sendMessage
    }
  }

  deliver(action, received) {
    if (action.via === "onReady") {
      this.onReady(action.envelope.data);
      return;
    }
    this.onMessageHandler(action.envelope || received);
  }

  post(envelope, targetOrigin) {
    this.logDebugMessage(PREFIX, debugMessageType.TO_HUBSPOT, envelope.type, envelope);
    if (this.destinationWindow) this.destinationWindow.postMessage(envelope, targetOrigin);
  }
}
