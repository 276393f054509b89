// `callcore check`: the emulator's host page, headless in Debian's Chromium, embeds the widget
// under test and plays the scenarios. The page records what its core session is fed; this file
// turns that into the trace, waits on the core's view of the conversation, acts in the widget
// as a person would (lib/hooks.mjs says where), and hands the trace to the judge (the same one
// `callcore replay` uses). What the widget's frame logs, and how its page loaded, go into the
// trace too: they are what a failed handshake is diagnosed from.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../demo/emulator/server/index.mjs";
import { launchChromium } from "./chromium.mjs";
import { loadCore } from "./core.mjs";
import { HooksError, NO_HOOKS } from "./hooks.mjs";
import { AGGREGATES, FIRST_TAB, PREDICATES, ScenarioJudge, judgeTrace, tabName } from "./judge.mjs";
import { SCENARIOS } from "./scenarios.mjs";
import { TRACE_FORMAT, fromPage } from "./trace.mjs";

const POLL_MS = 25;
const HOOK_WAIT_MS = 3000; // how long an element to click or fill may take to appear (or be enabled)
const SETTLE_MS = 1000; // how long silence is watched for ("the widget does not answer")
const REFUSAL_GRACE_MS = 500; // after the widget says it refuses the host, how long SYNCs still go
const CONSOLE_LIMIT = 200; // console lines kept per scenario (a debugMode widget logs every message)
const TEXT_LIMIT = 500;
const VIEWPORT = { width: 1280, height: 1400 }; // the emulator page with a widget up to 1,000 px tall

/** The origin the widget sees the check's host page at, unless --host-origin or --host-port says otherwise. */
export const DEFAULT_HOST_ORIGIN = "http://localhost:9026";

/** Chromium's own console lines (framing refused, a load that failed...), which name the widget's URL. */
const BROWSER_LINE = /^(Refused to|Failed to load|Blocked|Mixed Content|Access to|Unsafe attempt|Not allowed to)/;

/** What a callcore widget logs when it ignores a SYNC from a host it does not allow. */
const REFUSES_HOST = /is not an allowed host origin/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clip = (text) => (text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text);

/** A scenario step that could not be taken (a hook the widget lacks): the reason is reported. */
class NotDriven extends Error {}
/** A bounded wait ran out: the checkpoint is recorded, the scenario stops there. */
class Missed extends Error {}

/** `[data-callcore-action="dial"]`: the zero-configuration way to name a hook. */
const attributeSelector = (kind, name) => `[data-callcore-${kind}="${name}"]`;
/** Every selector goes through Playwright's CSS engine, whatever it starts with. */
const css = (selector) => `css=${selector}`;

/**
 * In the widget's frame, for each of `elements`: whether a person can see it (as Playwright
 * judges it: a box, not visibility:hidden, not in a closed <details> or other
 * content-visibility:hidden), whether a click at its centre would reach it now (not transparent,
 * not under another element, not scrolled away: a closed popover often stays in the page like
 * that), and whether it is disabled.
 */
function describeElements(elements) {
  return elements.map((el) => {
    const box = el.getBoundingClientRect();
    const shown = typeof el.checkVisibility === "function" ? el.checkVisibility({ visibilityProperty: true }) : getComputedStyle(el).visibility !== "hidden";
    const visible = shown && box.width > 0 && box.height > 0;
    let opaque = true;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) if (Number(getComputedStyle(e).opacity) === 0) opaque = false;
    const hit = visible ? document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) : null;
    return {
      visible,
      reachable: visible && opaque && Boolean(hit) && (hit === el || el.contains(hit)),
      disabled: Boolean(el.disabled) || el.getAttribute("aria-disabled") === "true" || Boolean(el.closest("fieldset[disabled]")),
    };
  });
}

/**
 * What every page of one scenario shares: the trace's events, the scenario's judge (one replay
 * per host session per page), the pages to close at the end, and how to open another tab.
 */
class ScenarioRun {
  constructor({ browserContext, hostUrl, judge }) {
    this.browserContext = browserContext;
    this.hostUrl = hostUrl;
    this.judge = judge;
    this.events = [];
    this.contexts = []; // one ScenarioContext per page (tab or calling window), in opening order
    this.pages = new Set(); // every page the scenario opened or that opened during it: all closed at its end
    this.onPage = (page) => this.pages.add(page);
    browserContext.on("page", this.onPage);
  }

  /** A fresh emulator tab in check mode (its widget on `surface`: check-hook.mjs' ?surface=), waited for. */
  async newHostPage(surface) {
    const page = await this.browserContext.newPage();
    this.pages.add(page);
    // Tall enough for the whole widget frame: an element below the fold makes Playwright scroll the
    // frame's document, and a popover positioned before the scroll then lies under other controls.
    await page.setViewportSize(VIEWPORT);
    await page.goto(this.urlFor(surface));
    await waitForHook(page);
    return page;
  }

  /** The tab's check-mode URL for the widget on `surface` ("widget", the record page's dock, by default). */
  urlFor(surface) {
    if (!surface || surface === "widget") return this.hostUrl;
    const url = new URL(this.hostUrl);
    url.searchParams.set("surface", surface);
    return url.href;
  }

  async pullAll(until = null) {
    for (const ctx of this.contexts) if (await ctx.pull(until)) return true;
    return until ? until() : false;
  }

  async close() {
    this.browserContext.off("page", this.onPage);
    for (const page of this.pages) await page.close().catch(() => {});
  }
}

const waitForHook = (page) => page.waitForFunction(() => window.callcoreCheck && window.callcoreCheck.ready, null, { timeout: 15000 });

class ScenarioContext {
  /**
   * One page of a scenario: `tab` "1" (the first tab: every single-tab scenario), "2"..., or
   * "window" (the calling window). Its events carry `tab` unless it is the first.
   */
  constructor({ run, page, tab = FIRST_TAB, widgetUrl, hostOrigin, timeoutMs, hooks }) {
    this.run = run;
    this.page = page;
    this.tab = tab;
    this.surface = null; // the surface the widget under test was mounted on, when the scenario chose one
    this.dialogs = []; // the host page's dialogs (confirm, beforeunload), each accepted
    this.options = { widgetUrl, hostOrigin, timeoutMs, hooks };
    run.contexts.push(this);
    this.widgetUrl = widgetUrl;
    this.widgetOrigin = new URL(widgetUrl).origin;
    this.hostOrigin = hostOrigin;
    this.timeoutMs = timeoutMs;
    this.hooks = hooks;
    this.backlog = []; // recorded in the page, not yet fed to the judge
    this.observed = []; // the widget's console and page loads, not yet in the trace
    this.consoleCount = 0;
    this.refusedAt = null; // when the widget's console said it refuses the host's origin
    this.loadFailed = null; // the widget's page did not load (status or network error)
    this.watchPage();
  }

  /** The host session this page's checkpoints are judged against: the newest (of its surface, when chosen). */
  target() {
    const sj = this.run.judge;
    if (this.surface) {
      const mine = sj.sessions().filter((s) => s.tab === this.tab && s.surface === this.surface);
      if (mine.length) {
        const { session } = mine[mine.length - 1];
        return { judge: sj.judgeFor(this.tab, session), session };
      }
    }
    return { judge: sj.judgeFor(this.tab), session: undefined };
  }

  get judge() {
    return this.target().judge;
  }

  // ---------------------------------------------------------- what the widget's frame shows

  /** Console lines, uncaught errors and page loads of the widget's frame, as trace events. */
  watchPage() {
    const page = this.page;
    const fromWidget = (url) => {
      if (!url) return "browser";
      try {
        return new URL(url).origin === this.hostOrigin ? "host" : "widget";
      } catch {
        return "widget"; // about:, data:, blob: in the widget's frame
      }
    };
    page.on("console", (msg) => {
      const from = fromWidget(msg.location().url);
      const text = msg.text();
      // The host page's own lines are the emulator's; the browser's lines about the widget count.
      if (from === "host" && !(BROWSER_LINE.test(text) && text.includes(this.widgetOrigin))) return;
      this.observe({ console: msg.type(), from: from === "host" ? "browser" : from, text: clip(text), url: msg.location().url || undefined });
    });
    page.on("pageerror", (error) => {
      const stack = String(error.stack || "");
      if (stack.includes(this.hostOrigin) && !stack.includes(this.widgetOrigin)) return; // the emulator's own
      this.observe({ console: "uncaught", from: "widget", text: clip(`${error.name || "Error"}: ${error.message}`) });
    });
    const isWidgetLoad = (request) => request.isNavigationRequest() && request.frame() !== page.mainFrame();
    page.on("response", (response) => {
      if (!isWidgetLoad(response.request())) return;
      const status = response.status();
      this.observe({ widgetLoad: { url: response.url(), status } });
      if (status >= 400) this.loadFailed = `${response.url()} answered HTTP ${status}`;
    });
    // The page's dialogs (the host's warning on leaving a record page mid-call): a person reads and accepts them.
    page.on("dialog", (dialog) => {
      const seen = { type: dialog.type(), message: clip(dialog.message()) };
      this.dialogs.push(seen);
      this.observed.push({ t: Date.now(), note: `${tabName(this.tab)} showed a ${seen.type} dialog: "${seen.message}"; accepted`, fact: { dialog: seen } });
      dialog.accept().catch(() => {});
    });
    page.on("requestfailed", (request) => {
      if (!isWidgetLoad(request)) return;
      const error = (request.failure() && request.failure().errorText) || "failed";
      this.observe({ widgetLoad: { url: request.url(), error } });
      this.loadFailed = `${request.url()} could not be loaded (${error})`;
    });
  }

  observe(event) {
    if (event.console) {
      if (this.consoleCount++ >= CONSOLE_LIMIT) return;
      if (event.from === "widget" && REFUSES_HOST.test(event.text) && this.refusedAt === null) this.refusedAt = Date.now();
    }
    this.observed.push({ t: Date.now(), ...event });
  }

  // ---------------------------------------------------------- the trace and the judge

  record(event) {
    if (this.tab !== FIRST_TAB) event = { ...event, tab: this.tab };
    this.run.events.push(event);
    return this.run.judge.feed(event);
  }

  state() {
    return this.judge.state();
  }

  /** Feeds what the page recorded; stops right after the event that makes `until` true. */
  async pull(until = null) {
    while (this.observed.length) this.record(this.observed.shift());
    if (!this.backlog.length) {
      // A page that closed (a calling window that shut itself) has nothing more to give.
      const fresh = this.page.isClosed() ? [] : await this.page.evaluate(() => window.callcoreCheck.take());
      this.backlog.push(...fresh.map(fromPage));
    }
    while (this.backlog.length) {
      this.record(this.backlog.shift());
      if (until && until()) return true;
    }
    return until ? until() : false;
  }

  checkpoint(label, predicate, params, timeoutMs, why, scope) {
    const event = { t: this.run.judge.lastT ?? Date.now(), checkpoint: label, predicate, params, timeoutMs };
    if (scope) event.scope = scope;
    else {
      const { session } = this.target();
      if (session !== undefined) event.session = session;
    }
    if (why) event.why = why;
    return this.record(event);
  }

  /** Waits (bounded) until `test()`; resolves to whether it was met. `stop()` may end the wait early with a reason. */
  async waitUntil(test, timeoutMs, stop = () => null, pull = (until) => this.pull(until)) {
    const deadline = Date.now() + timeoutMs;
    let met = test();
    while (!met) {
      met = await pull(test);
      if (met || Date.now() > deadline) break;
      const reason = stop();
      if (reason) return { met: false, stopped: reason };
      await sleep(POLL_MS);
    }
    return { met };
  }

  /**
   * Waits (bounded) until the core's state meets the predicate; a miss ends the scenario.
   * `why` says what a miss means, for the report. A handshake wait ends early when the widget
   * has said it will not answer (it refuses the host's origin; its page did not load).
   */
  async expect(label, predicate, params = {}, timeoutMs = this.timeoutMs, { why } = {}) {
    const test = () => PREDICATES[predicate](this.judge, params);
    const started = Date.now();
    const stop = predicate === "phase" ? () => this.handshakeHopeless() : undefined;
    const { met, stopped } = await this.waitUntil(test, timeoutMs, stop);
    if (!met) {
      await this.pull();
      this.run.judge.lastT = Date.now();
    }
    const waited = stopped ? Date.now() - started : timeoutMs;
    const result = this.checkpoint(label, predicate, params, waited, stopped ? `stopped waiting: ${stopped}` : why);
    if (!result.met) throw new Missed(label);
  }

  /**
   * The same over every page's host sessions: an AGGREGATES predicate of the scenario's judge,
   * whose `why`, when missed, is the judge's own sentence about what the cores saw.
   */
  async expectAll(label, predicate, params = {}, timeoutMs = this.timeoutMs, { why } = {}) {
    const sj = this.run.judge;
    const test = () => AGGREGATES[predicate](sj, params).met;
    const { met } = await this.waitUntil(test, timeoutMs, undefined, (until) => this.run.pullAll(until));
    if (!met) {
      await this.run.pullAll();
      sj.lastT = Date.now();
    }
    const result = this.checkpoint(label, predicate, params, timeoutMs, why, "all");
    if (!result.met) throw new Missed(label);
  }

  /** Why waiting longer for SYNC_ACK would not help, or null. */
  handshakeHopeless() {
    if (this.loadFailed) return `the widget's page did not load (${this.loadFailed})`;
    if (this.refusedAt !== null && Date.now() - this.refusedAt >= REFUSAL_GRACE_MS) return "the widget's console says it refuses the host's origin";
    return null;
  }

  /** Watches for a while, then checks once: for things that must NOT happen. */
  async settle(label, predicate, params = {}, { why, ms = SETTLE_MS } = {}) {
    await sleep(ms);
    await this.pull();
    this.run.judge.lastT = Date.now();
    const result = this.checkpoint(label, predicate, params, ms, why);
    if (!result.met) throw new Missed(label);
  }

  /** Waits up to `ms` for a scenario-wide predicate, every page pulled, without recording a checkpoint. */
  async withinAll(predicate, params, ms) {
    const sj = this.run.judge;
    return (await this.waitUntil(() => AGGREGATES[predicate](sj, params).met, ms, undefined, (until) => this.run.pullAll(until))).met;
  }

  /** Waits up to `ms` for the host page to show a dialog (confirm, beforeunload): the first one since `since` dialogs. */
  async dialogAfter(since, ms) {
    const deadline = Date.now() + ms;
    while (this.dialogs.length <= since && Date.now() < deadline) await sleep(POLL_MS);
    return this.dialogs[since] || null;
  }

  /** Waits up to `ms` for the predicate without recording a checkpoint: whether it came. */
  async within(predicate, params, ms) {
    return (await this.waitUntil(() => PREDICATES[predicate](this.judge, params), ms)).met;
  }

  mark(name) {
    this.record({ t: Date.now(), mark: name });
  }

  /** A line for the report (and `fact`, a key/value the JSON report carries), in the trace. */
  note(text, fact) {
    this.record({ t: this.run.judge.lastT ?? Date.now(), note: text, ...(fact && { fact }) });
  }

  /**
   * Loads the widget under test. With `surface` ("widget", "remote", "window"), on that surface
   * of the page (check-hook.mjs: callcoreCheck.surfaces lists those it can mount on); when the
   * emulator cannot and `fallback` is given, on that one, with a note.
   */
  async mount({ surface, fallback, usesCallingWindow } = {}) {
    if (!surface) {
      await this.page.evaluate((url) => window.callcoreCheck.mount(url), this.widgetUrl);
      return;
    }
    // check-hook.mjs says which surface the page mounts on (callcoreCheck.surface): a tab takes
    // ?surface=remote, the calling window is a page of its own. An emulator without surfaces has
    // only the record page's dock.
    let current = await this.page.evaluate(() => window.callcoreCheck.surface || null);
    if (current && current !== surface && this.tab !== "window" && surface !== "window") {
      await this.pull();
      await this.page.goto(this.run.urlFor(surface));
      await waitForHook(this.page);
      current = await this.page.evaluate(() => window.callcoreCheck.surface || null);
    }
    let on = current || "widget";
    if (on !== surface) {
      if (!fallback || fallback !== on) {
        throw new NotDriven(`the emulator's check mode cannot mount the widget on the ${surface} surface${current ? "" : " (it has only the record page's dock)"}`);
      }
      this.note(`${tabName(this.tab)}: the emulator's check mode has no ${surface} surface; the widget is mounted on the ${on} surface instead`);
    }
    this.surface = on;
    const options = { surface: on, ...(usesCallingWindow !== undefined && { usesCallingWindow }) };
    await this.page.evaluate(([url, o]) => window.callcoreCheck.mount(url, o), [this.widgetUrl, options]);
  }

  /** Another emulator tab in check mode, in the same browser (its widgets share what a browser shares). */
  async openTab({ surface } = {}) {
    const page = await this.run.newHostPage(surface);
    const n = this.run.contexts.filter((c) => c.tab !== "window").length + 1;
    return new ScenarioContext({ run: this.run, page, tab: String(n), ...this.options });
  }

  /**
   * The calling window, opened from this tab as HubSpot opens it (window.open of
   * /calling-integration-popup-ui/{portalId}, in check mode: callcoreCheck.callingWindowUrl),
   * its check hook waited for and the widget under test mounted in it (surface "window").
   */
  async callingWindow({ usesCallingWindow } = {}) {
    const has = await this.page.evaluate(() => typeof window.callcoreCheck.callingWindowUrl === "function");
    if (!has) throw new NotDriven("the emulator's check mode has no calling window (check-hook.mjs: callingWindowUrl)");
    const popped = this.page.waitForEvent("popup", { timeout: this.timeoutMs }).catch(() => null);
    await this.page.evaluate((o) => {
      window.open(window.callcoreCheck.callingWindowUrl(o), "callcore-calling-window", "popup,width=480,height=820");
    }, usesCallingWindow === undefined ? {} : { usesCallingWindow });
    const popup = await popped;
    if (!popup) throw new NotDriven(`${tabName(this.tab)} opened no calling window within ${this.timeoutMs / 1000} s`);
    this.run.pages.add(popup);
    await popup.setViewportSize(VIEWPORT).catch(() => {});
    await waitForHook(popup).catch(() => {
      throw new NotDriven(`the calling window (${popup.url()}) has no check hook: open it with ?callcore-check`);
    });
    const ctx = new ScenarioContext({ run: this.run, page: popup, tab: "window", ...this.options });
    await ctx.mount({ surface: "window", usesCallingWindow });
    return ctx;
  }

  /** What a HubSpot user does on the host page (see demo/emulator/public/check-hook.mjs). */
  async host(name, ...args) {
    await this.pull();
    const has = await this.page.evaluate((n) => typeof window.callcoreCheck[n] === "function", name);
    if (!has) throw new NotDriven(`the emulator's check mode has no ${name}() (check-hook.mjs)`);
    const result = await this.page.evaluate(([n, a]) => window.callcoreCheck[n](...a), [name, args]);
    if (result === false) throw new NotDriven(`the emulator refused to ${name} (see its alerts)`);
  }

  // ---------------------------------------------------------- acting in the widget

  /** The widget's iframe: on its surface's frame (surface-ui.mjs names them `${surface}-frame`). */
  frameSelector() {
    return `#${this.surface || "widget"}-frame iframe`;
  }

  widget() {
    return this.page.frameLocator(this.frameSelector());
  }

  /**
   * The hook for the first of `names` that the hooks file maps, else the first whose
   * data-callcore-* element the widget has (waiting for one to appear); null when none.
   */
  async resolve(kind, names) {
    const file = kind === "action" ? this.hooks.actions : this.hooks.fields;
    for (const name of names) if (file[name]) return { ...file[name], name, source: "hooks file" };
    const deadline = Date.now() + HOOK_WAIT_MS;
    for (;;) {
      for (const name of names) {
        const count = await this.widget().locator(css(attributeSelector(kind, name))).count().catch(() => 0);
        if (count) return { kind, name, selector: attributeSelector(kind, name), clicks: [], source: "attribute" };
      }
      if (Date.now() > deadline) return null;
      await sleep(100);
    }
  }

  /** "the widget has no [data-callcore-action="login"] element to click" (and what the hooks file lacks). */
  missing(kind, names, verb) {
    const list = names.map((n) => attributeSelector(kind, n)).join(" or ");
    const filed = this.hooks === NO_HOOKS ? "" : `, and the hooks file maps no ${kind} ${names.join(" or ")}`;
    return `the widget has no ${list} element to ${verb}${filed}`;
  }

  /** Where `hook` is, for messages: `the action "dial" (button.call)`. */
  static where(hook) {
    return `the ${hook.kind} "${hook.name}" (${hook.select || hook.selector})`;
  }

  /** Indexes of the elements `selector` matches, with what a person can see of them. */
  async inspect(selector) {
    try {
      return await this.widget().locator(css(selector)).evaluateAll(describeElements);
    } catch {
      return []; // no frame yet, or it navigated under us
    }
  }

  /**
   * Waits until `selector` matches an element a person can see (and, with `enabled`, use);
   * returns its index, or a sentence saying why not. An element that is there but hidden in a
   * closed <details> is uncovered by clicking its <summary>, as a person would.
   */
  async visibleElement(selector, { enabled = false, hook }) {
    const deadline = Date.now() + HOOK_WAIT_MS;
    let opened = false;
    for (;;) {
      const found = await this.inspect(selector);
      const usable = (e) => e.visible && (!enabled || !e.disabled);
      // One a click would reach first; else one Playwright may scroll to.
      const index = [found.findIndex((e) => usable(e) && e.reachable), found.findIndex(usable)].find((i) => i >= 0);
      if (index !== undefined) return { index };
      if (found.length && !found.some((e) => e.visible) && !opened) {
        opened = await this.openDetails(selector);
        if (opened) continue;
      }
      if (Date.now() > deadline) {
        if (!found.length) return { why: `${hook} matches no element in the widget within ${HOOK_WAIT_MS / 1000} s` };
        if (!found.some((e) => e.visible)) return { why: `${hook} is in the widget but hidden`, hidden: true };
        return { why: `${hook} stayed disabled for ${HOOK_WAIT_MS / 1000} s` };
      }
      await sleep(100);
    }
  }

  /** Clicks the <summary> of each closed <details> around the first match; whether one was opened. */
  async openDetails(selector) {
    const summaries = await this.widget()
      .locator(css(selector))
      .first()
      .evaluate((el) => {
        const closed = [];
        for (let d = el.closest("details:not([open])"); d; d = d.parentElement && d.parentElement.closest("details:not([open])")) closed.unshift(d);
        return closed.map((d) => {
          const summary = d.querySelector(":scope > summary");
          if (!summary) return null;
          summary.setAttribute("data-callcore-check-summary", "");
          return true;
        });
      })
      .catch(() => []);
    if (!summaries.length || summaries.includes(null)) return false;
    const locator = this.widget().locator(css("[data-callcore-check-summary]"));
    for (let i = 0; i < summaries.length; i++) {
      await locator.first().click({ timeout: HOOK_WAIT_MS }).catch(() => {});
      await locator.first().evaluate((el) => el.removeAttribute("data-callcore-check-summary")).catch(() => {});
    }
    return true;
  }

  /**
   * The hook's `clicks` (popovers, tabs, menus), from the last one a person can already click:
   * a step done before (a popover still open) is not undone by clicking its toggle again.
   */
  async uncover(hook) {
    if (!hook.clicks.length) return;
    const target = hook.select || hook.selector;
    if ((await this.inspect(target)).some((e) => e.reachable)) return;
    let from = 0;
    for (let i = hook.clicks.length - 1; i >= 0; i--) {
      const step = hook.clicks[i];
      if ((await this.inspect(step.click || step.select)).some((e) => e.reachable)) {
        from = i;
        break;
      }
    }
    for (let i = from; i < hook.clicks.length; i++) {
      const step = hook.clicks[i];
      const what = `${ScenarioContext.where(hook)}: its clicks[${i}] ${step.click || step.select}`;
      if (step.select) await this.choose(step, what);
      else await this.press(step.click, what, false);
    }
  }

  /** A person's click on the first visible, enabled match of `selector`. */
  async press(selector, what, scriptFallback) {
    await this.toFront();
    const found = await this.visibleElement(selector, { enabled: true, hook: what });
    if (found.why) {
      // A data-callcore-action element no person can see is clicked by script, as before hooks files.
      if (found.hidden && scriptFallback) {
        await this.widget().locator(css(selector)).first().evaluate((el) => el.click());
        return;
      }
      throw new NotDriven(found.why);
    }
    try {
      await this.widget().locator(css(selector)).nth(found.index).click({ timeout: HOOK_WAIT_MS });
    } catch (error) {
      const now = (await this.inspect(selector))[found.index];
      if (now && now.visible && !now.reachable) {
        throw new NotDriven(`${what} stayed under another element, or transparent, for ${HOOK_WAIT_MS / 1000} s: a person could not click it`);
      }
      throw new NotDriven(`${what} could not be clicked: ${error.message.split("\n")[0]}`);
    }
  }

  /**
   * A person acts in the tab in front: with several tabs open, input sent to one in the background
   * may never reach its frame.
   */
  async toFront() {
    await this.page.bringToFront().catch(() => {});
  }

  /** A choice in a <select>: by the option's value or its visible text. */
  async choose(step, what) {
    await this.toFront();
    const found = await this.visibleElement(step.select, { enabled: true, hook: what });
    if (found.why) throw new NotDriven(found.why);
    const option = "value" in step ? { value: step.value } : { label: step.label };
    try {
      await this.widget().locator(css(step.select)).nth(found.index).selectOption(option, { timeout: HOOK_WAIT_MS });
    } catch (error) {
      throw new NotDriven(`${what} has no option ${JSON.stringify(option)}: ${error.message.split("\n")[0]}`);
    }
  }

  /**
   * Clicks the first of `names` the widget has (see resolve). An "auto" hook clicks nothing:
   * the widget does it by itself, and the scenario's next wait says whether it did.
   */
  async click(names, { missing } = {}) {
    const list = [].concat(names);
    await this.pull();
    const hook = await this.resolve("action", list);
    if (!hook) throw new NotDriven(missing || this.missing("action", list, "click"));
    if (hook.auto) {
      this.note(`${hook.name}: not clicked, the widget does it by itself (hooks file: "auto")`);
      return hook;
    }
    await this.uncover(hook);
    if (hook.select) await this.choose(hook, ScenarioContext.where(hook));
    else await this.press(hook.selector, ScenarioContext.where(hook), hook.source === "attribute");
    return hook;
  }

  /**
   * Types `value` into the field as a person would (Playwright's fill: the input events a
   * keyboard makes, which React and other controlled inputs listen to).
   */
  async fill(field, value) {
    await this.pull();
    const hook = await this.resolve("field", [field]);
    if (!hook) throw new NotDriven(this.missing("field", [field], "fill"));
    if (hook.auto) {
      this.note(`${field}: not filled, the widget has no such field (hooks file: "auto"); it uses its own number`);
      return;
    }
    await this.toFront();
    await this.uncover(hook);
    const what = ScenarioContext.where(hook);
    const found = await this.visibleElement(hook.selector, { enabled: true, hook: what });
    if (found.why) {
      if (found.hidden && hook.source === "attribute") return this.fillByScript(hook.selector, value);
      throw new NotDriven(found.why);
    }
    const input = this.widget().locator(css(hook.selector)).nth(found.index);
    try {
      await input.fill(value, { timeout: HOOK_WAIT_MS });
      if ((await input.inputValue({ timeout: HOOK_WAIT_MS }).catch(() => value)) !== value) {
        // A widget that rewrites what fill inserted at once: key by key instead.
        await input.fill("", { timeout: HOOK_WAIT_MS });
        await input.pressSequentially(value, { delay: 5, timeout: HOOK_WAIT_MS });
      }
    } catch (error) {
      throw new NotDriven(`${what} could not be filled: ${error.message.split("\n")[0]}`);
    }
  }

  /**
   * A data-callcore-field no person can see: set through the prototype's value setter (which a
   * controlled input's own tracker does not see), then input and change, as before hooks files.
   */
  async fillByScript(selector, value) {
    await this.widget()
      .locator(css(selector))
      .first()
      .evaluate((el, text) => {
        const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, "value").set.call(el, text);
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }, value);
  }

  async reloadWidget() {
    await this.pull();
    const element = await this.page.$(this.frameSelector());
    const frame = element && (await element.contentFrame());
    if (!frame) throw new NotDriven("the widget iframe is gone");
    await frame.evaluate(() => setTimeout(() => location.reload(), 0));
  }
}

/**
 * One scenario on a fresh emulator page (and the other tabs and calling window it opens): its
 * events, ready for the trace. Every page it opened is closed at its end.
 */
async function runScenario(context, hostUrl, widgetUrl, scenario, options) {
  const judge = new ScenarioJudge(options.core);
  const run = new ScenarioRun({ browserContext: context, hostUrl, judge });
  let ctx = null;
  try {
    const page = await context.newPage();
    run.pages.add(page);
    await page.setViewportSize(VIEWPORT);
    ctx = new ScenarioContext({ run, page, widgetUrl, ...options });
    await page.goto(hostUrl);
    await waitForHook(page);
    await scenario.run(ctx);
  } catch (error) {
    if (!(error instanceof Missed) && ctx) {
      const reason = error instanceof NotDriven ? error.message : `the runner failed: ${error.message.split("\n")[0]}`;
      ctx.record({ t: Date.now(), notDriven: reason });
    }
  } finally {
    for (const c of run.contexts) {
      await c.pull().catch(() => {});
      while (c.observed.length) c.record(c.observed.shift());
    }
    await run.close();
  }
  const { handshakeMissed } = judge;
  judge.free();
  return { trace: { name: scenario.name, title: scenario.title, events: run.events }, handshakeMissed };
}

/** Each selector of the hooks file must parse as CSS: a bad one is a HooksError, before any scenario. */
async function checkSelectors(context, hooks) {
  if (!hooks.selectors.length) return;
  const page = await context.newPage();
  try {
    const bad = await page.evaluate((list) => {
      for (const { where, selector } of list) {
        try {
          document.createDocumentFragment().querySelector(selector);
        } catch (error) {
          return { where, selector, message: error.message };
        }
      }
      return null;
    }, hooks.selectors);
    if (bad) throw new HooksError(`${hooks.source || "hooks file"}: ${bad.where} ${JSON.stringify(bad.selector)} is not a valid CSS selector`);
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Where the widget sees the host page, and how: `hostOrigin` (http://name:port) is mapped by
 * Chromium's resolver onto the emulator's real port, so the page really has that origin (and
 * nothing on the machine that owns the port is disturbed); without it, the emulator's own origin.
 */
function hostMapping(hostOrigin, emulatorUrl) {
  const real = new URL(emulatorUrl);
  if (!hostOrigin || hostOrigin === real.origin) return { origin: real.origin, args: [] };
  const wanted = new URL(hostOrigin);
  const port = wanted.port || "80";
  return { origin: wanted.origin, args: [`--host-resolver-rules=MAP ${wanted.hostname}:${port} ${real.hostname}:${real.port}`] };
}

/**
 * Runs the selected scenarios against `widgetUrl`. Resolves to {trace, results}.
 * options: scenarios (names), timeoutMs (per wait), hostPort (0: any free port), hostOrigin
 * (what the widget sees; default DEFAULT_HOST_ORIGIN when no hostPort), hooks (lib/hooks.mjs),
 * chromium (path). When the first scenario's handshake fails, the others are not run: the
 * diagnosis is in that scenario's verdict.
 */
export async function runCheck(widgetUrl, {
  scenarios = SCENARIOS.map((s) => s.name),
  timeoutMs = 10000,
  hostPort = 0,
  hostOrigin,
  hooks = NO_HOOKS,
  chromium,
} = {}) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "callcore-check-"));
  let emulator = null;
  let browser = null;
  const widgetOrigin = new URL(widgetUrl).origin;
  // The default stands aside for a widget served from that very origin (or a fixed --host-port).
  if (hostOrigin === undefined) hostOrigin = hostPort || widgetOrigin === DEFAULT_HOST_ORIGIN ? null : DEFAULT_HOST_ORIGIN;
  try {
    // The mapped name reaches the emulator as the Host header: it must answer to it (DNS rebinding
    // guard). Its own tokens stay off: the check's emulator is private, whatever the environment says.
    const mapped = hostOrigin ? new URL(hostOrigin) : null;
    emulator = await startEmulator({
      port: hostPort,
      dataDir: path.join(tmp, "data"),
      widgetOrigin,
      tokens: [],
      allowHosts: mapped ? [`${mapped.hostname}:${mapped.port || 80}`] : [],
    });
    const mapping = hostMapping(hostOrigin, emulator.url);
    browser = await launchChromium({ profile: path.join(tmp, "profile"), executablePath: chromium, extraArgs: mapping.args });
    await checkSelectors(browser.context, hooks);
    const hostUrl = `${mapping.origin}/?callcore-check=1`;
    const core = await loadCore();
    const trace = {
      format: TRACE_FORMAT,
      widgetUrl,
      hostOrigin: mapping.origin,
      startedAt: new Date().toISOString(),
      scenarios: [],
    };
    if (mapping.origin !== new URL(emulator.url).origin) trace.emulatorOrigin = new URL(emulator.url).origin;
    const options = { core, timeoutMs, hooks, hostOrigin: mapping.origin };
    for (const [i, name] of scenarios.entries()) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      const ran = await runScenario(browser.context, hostUrl, widgetUrl, scenario, options);
      trace.scenarios.push(ran.trace);
      if (i === 0 && ran.handshakeMissed) {
        // Every scenario starts with the handshake: the rest would each wait as long, for nothing.
        for (const rest of scenarios.slice(1)) {
          const s = SCENARIOS.find((x) => x.name === rest);
          trace.scenarios.push({ name: s.name, title: s.title, events: [], notRun: `the handshake failed in ${name} (see its diagnosis); ${s.name} needs it` });
        }
        break;
      }
    }
    return { trace, results: await judgeTrace(trace) };
  } finally {
    if (browser) await browser.close();
    if (emulator) await emulator.close().catch(() => {});
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}
