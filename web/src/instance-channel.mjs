// The channel between the instances of one app (option `instances`): a
// BroadcastChannel named by the app, which the browser only opens between
// documents of one origin. The glue posts the core's peer messages on it as
// JSON text, and gives the core whatever arrives: the core reads and judges
// every message (its size, its JSON, its channel and sender), as it does a
// postMessage. This file decides nothing about the protocol.

/** What the core is given for a message that is not text: JSON it refuses, saying why. */
const NOT_TEXT = "\u0000";

export default class InstanceChannel {
  /**
   * @param {string} name     the app's channel name
   * @param {(text: string) => void} onText  a message from another instance
   */
  constructor(name, onText) {
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null;
    if (this.channel) this.channel.onmessage = (event) => onText(typeof event.data === "string" ? event.data : NOT_TEXT);
  }

  /** Whether this page can reach its other instances at all. */
  get open() {
    return this.channel !== null;
  }

  post(message) {
    if (this.channel) this.channel.postMessage(JSON.stringify(message));
  }

  close() {
    if (this.channel) this.channel.close();
    this.channel = null;
  }
}
