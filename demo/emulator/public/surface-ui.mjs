// The markup of a surface other than the dock: the same pieces (title bar, status chips, End
// call, alerts, the frame the widget's iframe goes in), with ids prefixed by the surface's name so
// several hosts live on one page. idsFor(prefix) is what WidgetHost takes as `ids`.
import { h } from "./dom.mjs";

export function idsFor(prefix) {
  return {
    frame: `${prefix}-frame`,
    status: `${prefix}-status`,
    endCall: `${prefix}-end-call`,
    alerts: `${prefix}-alerts`,
    shell: `${prefix}-shell`,
    title: `${prefix}-title`,
    minimise: `${prefix}-minimise`,
    hide: `${prefix}-hide`,
    show: `${prefix}-show`,
    hidden: `${prefix}-hidden`,
    hiddenText: `${prefix}-hidden-text`,
  };
}

/** The host's pieces for surface `prefix` ("remote", "window"), as one element. */
export function surfaceShell(prefix, { title = "No provider" } = {}) {
  const ids = idsFor(prefix);
  return h(
    "div",
    { class: `surface-card surface-${prefix}`, dataset: { surface: prefix } },
    h(
      "div",
      { class: "status-line" },
      h("div", { class: "status-row", id: ids.status }),
      h("button", { type: "button", class: "small", id: ids.endCall, title: "Sends END_CALL to the widget" }, "End call"),
    ),
    h("div", { class: "alerts", id: ids.alerts }),
    h(
      "div",
      { class: "widget-hidden", id: ids.hidden, hidden: true },
      h("span", { id: ids.hiddenText }, "The widget is hidden."),
      h("button", { type: "button", class: "small", id: ids.show }, "Show the widget"),
    ),
    h(
      "section",
      { class: "widget-shell", id: ids.shell, dataset: { visibility: "visible" } },
      h(
        "div",
        { class: "widget-titlebar" },
        h("span", { id: ids.title }, title),
        h(
          "span",
          { class: "titlebar-buttons" },
          h("button", { type: "button", class: "bare", id: ids.minimise, title: "Minimise or restore: VISIBILITY_CHANGED {isMinimized}" }, "–"),
          h("button", { type: "button", class: "bare", id: ids.hide, title: "Hide: VISIBILITY_CHANGED {isHidden: true}" }, "×"),
        ),
      ),
      h("div", { class: "widget-frame", id: ids.frame }, h("div", { class: "empty" }, "Choose a calling provider to load its widget.")),
    ),
  );
}
