// The window side of one SDK instance: the message listener, postMessage to
// the peer window and, for a host, the widget iframe. It relays; the core decides.

const IFRAME_ID = "hubspot-calling-extension-iframe";

function originOf(url, base) {
  try {
    return new URL(url, base).origin;
  } catch {
    return "";
  }
}

export default class IFrameManager {
  /**
   * @param {object} options
   *   iFrameOptions  host role: {src, width, height, hostElementSelector}
   *   onMessage(origin, fromPeer, data)   every message event
   *   onLoad()                             host role: every iframe load
   *   onPageHide()                         the page is going away
   */
  constructor({ iFrameOptions, onMessage, onLoad, onPageHide }) {
    this.window = globalThis.window;
    this.isHost = Boolean(iFrameOptions);
    this.iframe = null;
    if (this.isHost) this.iframe = IFrameManager.createIFrame(iFrameOptions, onLoad);
    this.listener = (event) => onMessage(event.origin, event.source === this.peerWindow(), event.data);
    this.pageHide = () => onPageHide();
    this.window.addEventListener("message", this.listener);
    this.window.addEventListener("pagehide", this.pageHide);
  }

  /** Builds the widget iframe as HubSpot does; throws when an option is missing. */
  static createIFrame(iFrameOptions, onLoad) {
    const { src, width, height, hostElementSelector } = iFrameOptions;
    if (!src || !width || !height || !hostElementSelector) {
      throw new Error("iFrameOptions needs src, width, height and hostElementSelector");
    }
    const document = globalThis.document;
    const host = document.querySelector(hostElementSelector);
    if (!host) throw new Error(`iFrameOptions.hostElementSelector ${hostElementSelector} matches no element`);
    const iframe = document.createElement("iframe");
    iframe.id = IFRAME_ID;
    iframe.setAttribute("allow", "microphone; autoplay");
    iframe.src = src;
    iframe.width = width;
    iframe.height = height;
    iframe.addEventListener("load", () => onLoad());
    host.innerHTML = "";
    host.appendChild(iframe);
    return iframe;
  }

  /** The window allowed to talk to us: the parent for a widget, the iframe for a host. */
  peerWindow() {
    return this.isHost ? this.iframe && this.iframe.contentWindow : this.window.parent;
  }

  ownOrigin() {
    return this.window.location.origin;
  }

  /** Widget: where the host page is, by the referrer ("" when there is none). */
  referrerOrigin() {
    const referrer = globalThis.document ? globalThis.document.referrer : "";
    return referrer ? originOf(referrer) : "";
  }

  /** Host: the origin of the iframe's src. */
  iframeOrigin() {
    return this.iframe ? originOf(this.iframe.src, this.window.location.href) : "";
  }

  post(envelope, targetOrigin) {
    const peer = this.peerWindow();
    if (peer) peer.postMessage(envelope, targetOrigin);
  }

  /** The SDK host's resize: the core already turned numbers into CSS lengths. */
  resize(width, height) {
    if (!this.iframe) return;
    if (width) this.iframe.style.width = width;
    if (height) this.iframe.style.height = height;
  }

  remove() {
    this.window.removeEventListener("message", this.listener);
    this.window.removeEventListener("pagehide", this.pageHide);
    if (this.iframe && this.iframe.parentNode) this.iframe.parentNode.removeChild(this.iframe);
  }
}
