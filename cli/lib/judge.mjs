// The judge: feeds a scenario's recorded events, in order, through a fresh host session of the
// WebAssembly core (in Node) and turns what the core says into verdicts. `check` and `replay`
// both end here, so a trace replayed later gives the same verdicts as the run that wrote it.
// No protocol rule lives in this file: violations are the core's, expectations read the core's
// state (phase, login, calls) or what the host posted, and the orders of phases and call states
// are the core's catalogue's.
import { loadCore } from "./core.mjs";
import { diagnoseHandshake } from "./diagnose.mjs";
import { sameEnvelope, toInput } from "./trace.mjs";

const catalogues = new WeakMap();

/** The core's catalogue, read once per core. */
function catalogueOf(core) {
  if (!catalogues.has(core)) catalogues.set(core, core.catalog());
  return catalogues.get(core);
}

/** Whether `value` is `wanted` or comes after it in `order` (a catalogue list in lifecycle order). */
function reached(order, value, wanted) {
  const at = order.indexOf(wanted);
  return at >= 0 && order.indexOf(value) >= at;
}

/** The runner's remarks (a note with its fact, a step it could not take), kept by `judge`. */
function takeRemark(judge, event) {
  if (event.note) {
    judge.notes.push(event.note);
    if (event.fact) Object.assign(judge.facts, event.fact);
  }
  if (event.notDriven) judge.notDriven = event.notDriven;
}

/**
 * Scenario expectations by name: (judge, params) → true when met. Each reads only the core's
 * session state and the envelopes the host posted, never the page.
 */
export const PREDICATES = {
  /** The handshake reached `phase` ("ready": SYNC_ACK, "initialized": INITIALIZED) after `loads` iframe loads. */
  phase: (j, { phase, loads = 1 }) => j.loads >= loads && reached(j.catalog.phases, j.state().phase, phase),
  loggedIn: (j, { value }) => j.state().loggedIn === value,
  available: (j, { value }) => j.state().available === value,
  /**
   * The newest call the core tracks is in `state` or a later one of catalog.callStates
   * (optionally of `direction`), so "answered" is also met by a call that already ended;
   * "completed" is met by itself only (a transferred call comes after it, but was not completed).
   */
  call: (j, { state, direction }) => {
    const call = j.latestCall();
    if (!call || (direction && call.direction !== direction)) return false;
    return reached(j.catalog.callStates, call.state, state) && (state !== "completed" || call.state === "completed");
  },
  /** The core recorded `value` as the newest call's callEndStatus (from its CALL_ENDED). */
  endStatus: (j, { value }) => {
    const call = j.latestCall();
    return Boolean(call && call.endStatus === value);
  },
  /** The newest call has the engagement id the host created for it. */
  engagement: (j) => {
    const call = j.latestCall();
    return Boolean(call && call.engagementId !== null && !call.engagementPending);
  },
  /** The host answered the newest call's caller-ID lookup with at least one match. */
  callerIdMatched: (j) => {
    const call = j.latestCall();
    const reply = j.postsSince(j.callStartIndex()).find((p) => p.envelope.type === "CALLER_ID_MATCH_SUCCEEDED");
    const matches = reply && reply.envelope.data && reply.envelope.data.callerIdMatches;
    return Boolean(call && !call.callerIdPending && Array.isArray(matches) && matches.length > 0);
  },
  /** The host told this session's core that the widget's page went away (the `unload` input). */
  unloaded: (j) => j.unloads > 0,
  /** Since the mark: the core found no widget answering one of the host's messages (an ERROR included) as unknown. */
  noRejection: (j, { mark }) => !j.violationsSince(mark).some((v) => REJECTIONS.has(v.code)),
};

/**
 * Scenario-level expectations over every host session of every tab (and of the calling window):
 * (scenarioJudge, params) → {met, why}. `why`, when not met, says what the cores saw instead, in
 * a sentence; it is computed from the cores' states and posts only, so a replay says the same.
 */
export const AGGREGATES = {
  /**
   * One call across all host sessions, reached `state` (catalog.callStates; "completed" only by
   * itself) and, with `engagement`, with the engagement its host created. `ringTab`/`answerTab`
   * (inbound): where the ring and the answer were done, to say which instance lacked the call.
   */
  oneCall: (sj, params) => judgeOneCall(sj, params),
  /** Some host session tracks a call (of `direction`): the runner's wait before counting them. */
  anyCall: (sj, { direction } = {}) => ({ met: sj.allCalls().some((c) => !direction || c.call.direction === direction) }),
};

const COORDINATE = "the instances of one app do not share calls; coordinate them (callcore's option instances, or a BroadcastChannel as HubSpot's demos do)";

/** "tab 1", "the calling window": where a host session lives, for sentences. */
export function tabName(tab) {
  return tab === "window" ? "the calling window" : `tab ${tab}`;
}

function listTabs(tabs) {
  const names = [...new Set(tabs)].map(tabName);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0] || "no tab";
}

/**
 * The calls of every host session, one entry per call (externalCallId): host sessions that share
 * calls (the core's option instances) each track the same one. Its state is the furthest any
 * session reached (catalog.callStates), its tabs those whose hosts track it, in order.
 */
function distinctCalls(sj, direction) {
  const order = sj.catalog.callStates;
  const byId = new Map();
  for (const c of sj.allCalls()) {
    if (direction && c.call.direction !== direction) continue;
    const id = c.call.externalCallId;
    const seen = byId.get(id) || { id, tabs: [], ownTabs: [], call: c.call, copies: [] };
    byId.set(id, seen);
    if (!seen.tabs.includes(c.tab)) seen.tabs.push(c.tab);
    if (c.own && !seen.ownTabs.includes(c.tab)) seen.ownTabs.push(c.tab);
    seen.copies.push(c.call);
    if (order.indexOf(c.call.state) > order.indexOf(seen.call.state)) seen.call = c.call;
  }
  return [...byId.values()];
}

function judgeOneCall(sj, { state = "completed", direction, engagement = false, ringTab, answerTab } = {}) {
  const catalog = sj.catalog;
  const calls = distinctCalls(sj, direction);
  const at = (c, wanted) => reached(catalog.callStates, c.call.state, wanted) && (wanted !== "completed" || c.call.state === "completed");
  const inbound = direction === "inbound";
  const announce = inbound ? "INCOMING_CALL" : "OUTGOING_CALL_STARTED";
  if (!calls.length) {
    return { met: false, why: `no host session in any tab heard ${announce}${ringTab ? ` for the ring in ${tabName(ringTab)}` : ""}` };
  }
  if (calls.length > 1) {
    const tabs = calls.map((c) => (c.ownTabs.length ? c.ownTabs : c.tabs)[0]);
    const every = new Set(tabs).size > 1 ? `every tab announced it (${listTabs(tabs)})` : `${tabName(tabs[0])} announced it ${calls.length} times`;
    return {
      met: false,
      why: `${calls.length} ${announce} for one ${inbound ? "ring" : "call"}: ${every}, so HubSpot shows ${calls.length} calls and logs ${calls.length} engagements ` +
        `for one conversation; exactly one instance (the leader) must tell its host about a call — ${COORDINATE}`,
    };
  }
  const [only] = calls;
  // Where the call was announced: the tabs whose own widget told their host (mirrors aside).
  const announcedIn = only.ownTabs.length ? only.ownTabs : only.tabs;
  const where = listTabs(announcedIn);
  if (!at(only, state)) {
    const now = only.call.state;
    if (inbound && answerTab && !announcedIn.includes(answerTab) && !reached(catalog.callStates, now, "inProgress")) {
      const heard = only.tabs.includes(answerTab)
        ? `its host showed the ring, mirrored from ${where}'s, but no host heard CALL_ANSWERED`
        : "its host heard nothing of the call, and no host heard CALL_ANSWERED";
      return {
        met: false,
        why: `the ring reached only the instance in ${where}: ${tabName(answerTab)}'s instance had no call to answer ` +
          `(${heard}; the call still ${now === "ringing" ? "rings" : `is ${now}`} in ${where}) — ${COORDINATE}`,
      };
    }
    return { met: false, why: `the one call (tracked by the host of ${where}) is ${now}, not ${state}` };
  }
  if (engagement) {
    const created = sj.allPosts().filter((p) => p.envelope && p.envelope.type === "CREATE_ENGAGEMENT_SUCCEEDED");
    const ids = [...new Set(created.map((p) => String(p.envelope.data && p.envelope.data.engagementId)))];
    if (only.call.engagementId === null || only.call.engagementId === undefined) {
      return { met: false, why: `the call completed in ${where} has no engagement` };
    }
    if (ids.length !== 1 || ids[0] !== String(only.call.engagementId)) {
      return {
        met: false,
        why: `the hosts created ${ids.length} engagements (${ids.join(", ") || "none"}) for one call, which completed with engagement ${only.call.engagementId}`,
      };
    }
  }
  return { met: true };
}

/** The core's codes for a widget answering a host's message with ERROR/UNKNOWN_MESSAGE_TYPE. */
const REJECTIONS = new Set(["WIDGET_REJECTED_TYPE", "ERROR_FOR_ERROR"]);

/** Each code this file names must be one the core has. */
function checkCodes(catalog) {
  for (const code of REJECTIONS) {
    if (!catalog.violations.some((v) => v.code === code)) throw new Error(`judge.mjs: the core has no violation ${code}`);
  }
}

/** Predicates that watch for something that must not happen, rather than wait for something. */
const WATCHES = new Set(["noRejection"]);

/** A checkpoint's label, with the page it was judged on when that is not the first tab ("LOGGED_IN in tab 2"). */
export function checkpointLabel(checkpoint) {
  return checkpoint.tab && checkpoint.tab !== FIRST_TAB ? `${checkpoint.label} in ${tabName(checkpoint.tab)}` : checkpoint.label;
}

/** A missed checkpoint in words: "no X within N s", or "not so: X (watched N s)", and why it matters. */
export function describeMiss(checkpoint) {
  const s = `${Math.round(checkpoint.timeoutMs / 100) / 10} s`;
  const label = checkpointLabel(checkpoint);
  const what = WATCHES.has(checkpoint.predicate) ? `not so: ${label} (watched ${s})` : `no ${label} within ${s}`;
  return checkpoint.why ? `${what}; ${checkpoint.why}` : what;
}

export class Judge {
  constructor(core) {
    this.core = core;
    this.catalog = catalogueOf(core);
    checkCodes(this.catalog);
    this.session = null;
    this.sessionId = null;
    this.startedAt = null;
    this.loads = 0;
    this.unloads = 0;
    this.violations = []; // {t, at, code, severity, direction, type, field, message, outcome}
    this.posts = []; // {t, index, envelope} what the replayed core posted
    this.expectedPosts = []; // posts this core made that the trace's page also recorded, in order
    this.pagePosts = 0;
    this.marks = new Map(); // name → {violations, posts} counts at the mark
    this.checkpoints = [];
    this.notDriven = null;
    this.fidelity = []; // where the replay and the page disagree (should never happen)
    this.inputs = 0;
    this.received = 0; // envelopes from the widget
    this.lastT = null;
    this.observations = []; // {t, console|widgetLoad}: what the widget's frame logged, how its page loaded
    this.notes = []; // the runner's remarks ("dialled on the user's click")
    this.facts = {}; // the same, as key/values for the JSON report
    this.handshakeMissed = false; // a SYNC_ACK or INITIALIZED of the first load never came
  }

  state() {
    return this.session ? this.session.state() : { phase: "unsynced", loggedIn: false, available: null, calls: [] };
  }

  latestCall() {
    const calls = this.state().calls || [];
    return calls.length ? calls[calls.length - 1] : null;
  }

  /** Index in `posts` at which the newest call started (its caller-ID reply comes after). */
  callStartIndex() {
    return this.callStartPost ?? 0;
  }

  postsSince(index) {
    return this.posts.slice(index);
  }

  violationsSince(mark) {
    const at = this.marks.get(mark);
    return this.violations.slice(at ? at.violations : 0);
  }

  /** One event of the trace. Returns the checkpoint result for checkpoint events. */
  feed(event) {
    // What the widget's frame showed: kept for a diagnosis, no input of the core, no clock of the scenario.
    if (event.console || event.widgetLoad) {
      this.observations.push(event);
      return null;
    }
    if (this.startedAt === null) this.startedAt = event.t;
    this.lastT = event.t;
    if (event.input) return this.feedInput(event);
    if (event.output === "post") return this.comparePost(event);
    if (event.mark) {
      this.marks.set(event.mark, { violations: this.violations.length, posts: this.posts.length });
      return null;
    }
    if (event.checkpoint) {
      const predicate = PREDICATES[event.predicate];
      const met = Boolean(predicate && predicate(this, event.params || {}));
      const result = { label: event.checkpoint, predicate: event.predicate, timeoutMs: event.timeoutMs, met, at: event.t - this.startedAt };
      if (event.why) result.why = event.why;
      this.checkpoints.push(result);
      // The first load's handshake (a reload's is the reload scenario's own finding).
      if (event.predicate === "phase" && !met && !(event.params && event.params.loads > 1)) this.handshakeMissed = true;
      return result;
    }
    takeRemark(this, event);
    return null;
  }

  feedInput(event) {
    this.inputs++;
    const s = this.session;
    if (event.input === "create") {
      if (s) s.free();
      // The glue's shortcuts (a dispatch previewed at receive, an app's message posted as its own
      // object) only spare the page work: the replay takes the long way, whose posts carry their
      // envelopes and whose dispatches the trace recorded all the same.
      this.session = this.core.createSession({ ...event.options, previewDispatch: false, postAsIs: false });
      this.sessionId = event.session;
      this.drain(event.t);
      return null;
    }
    if (!s || event.session !== this.sessionId) {
      this.fidelity.push(`event ${this.inputs} belongs to session ${event.session}, not the one replayed`);
      return null;
    }
    const callsBefore = (this.state().calls || []).length;
    if (event.input === "receive") this.received++;
    if (event.input === "iframeLoaded") this.loads++;
    if (event.input === "unload") this.unloads++;
    // receive, call, dispatch, tick, iframeLoaded, unload: as the page's glue fed them
    try {
      s.apply(toInput(event));
    } catch (error) {
      this.fidelity.push(`event ${this.inputs}: ${error.message}`); // an input this core does not know
    }
    this.drain(event.t);
    if ((this.state().calls || []).length > callsBefore) this.callStartPost = this.posts.length;
    return null;
  }

  drain(t) {
    for (const action of this.session.drain()) {
      if (action.action === "violation") {
        const { code, severity, direction, type, field, message, outcome } = action;
        this.violations.push({ at: t - this.startedAt, code, severity, direction, type, field, message, outcome });
      } else if (action.action === "post") {
        this.posts.push({ t, envelope: action.envelope, targetOrigin: action.targetOrigin });
        this.expectedPosts.push(action);
      }
    }
  }

  /** The page recorded a post: this replay must have made the same one, in the same order. */
  comparePost(event) {
    const mine = this.expectedPosts[this.pagePosts++];
    if (!mine) this.fidelity.push(`the page posted ${event.envelope && event.envelope.type} that the replay did not`);
    else if (!sameEnvelope(mine.envelope, event.envelope, this.catalog.undefined) || mine.targetOrigin !== event.targetOrigin) {
      this.fidelity.push(`post ${this.pagePosts}: the page sent ${event.envelope.type}, the replay ${mine.envelope.type}`);
    }
    return null;
  }

  /** The scenario's verdict from everything fed so far; `trace` (its hostOrigin) for a diagnosis. */
  verdict(scenario, trace = {}) {
    this.notePostsLeft();
    const result = scenarioResult(this, scenario, {
      violations: this.violations, fidelity: this.fidelity, received: this.received, sent: this.posts.length,
    });
    if (this.handshakeMissed) result.diagnosis = diagnoseHandshake(this, { hostOrigin: trace.hostOrigin, widgetUrl: trace.widgetUrl });
    return result;
  }

  /** The replay posted envelopes the page did not: a fidelity note (once the page posted at all). */
  notePostsLeft() {
    if (this.pagePosts < this.expectedPosts.length && this.pagePosts > 0) {
      this.fidelity.push(`the replay posted ${this.expectedPosts.length - this.pagePosts} more envelope(s) than the page`);
    }
  }

  free() {
    if (this.session) this.session.free();
    this.session = null;
  }
}

/**
 * A scenario's verdict: `owner`'s checkpoints, notes and facts (one tab's judge, or the judge of
 * several tabs) with the findings given; the status follows from them.
 */
function scenarioResult(owner, scenario, { violations, fidelity, received, sent }) {
  const errors = violations.filter((v) => v.severity === "error");
  const missed = owner.checkpoints.filter((c) => !c.met);
  let status = "pass";
  if (owner.notDriven) status = "not-driven";
  else if (errors.length || missed.length || fidelity.length) status = "fail";
  return {
    name: scenario.name,
    title: scenario.title,
    status,
    notDriven: owner.notDriven,
    durationMs: owner.lastT === null ? 0 : owner.lastT - owner.startedAt,
    checkpoints: owner.checkpoints,
    missing: missed.map(describeMiss),
    violations,
    fidelity,
    notes: owner.notes,
    ...owner.facts,
    envelopes: { fromWidget: received, toWidget: sent },
  };
}

/** The tab an event belongs to: its `tab` field, or the first tab (every single-tab trace). */
export const FIRST_TAB = "1";
const tabOf = (event) => (event.tab === undefined ? FIRST_TAB : String(event.tab));

/**
 * One scenario, over any number of pages: tabs ("1", "2", ...) and the calling window
 * ("window"), each with any number of host sessions (session numbers are per page). Each host
 * session is replayed by its own Judge; the runner's checkpoints are judged against one of them
 * (the event's tab, and its `session` or else the tab's newest) or, with `scope: "all"`,
 * against all of them (AGGREGATES). A trace with one tab and one session judges exactly as a
 * single Judge would.
 */
export class ScenarioJudge {
  constructor(core) {
    this.core = core;
    this.catalog = catalogueOf(core);
    this.judges = new Map(); // "tab#session" → Judge, in creation order
    this.newest = new Map(); // tab → the key of its newest session
    this.empty = new Map(); // tab → a Judge with no session (a tab whose host has not started yet)
    this.startedAt = null;
    this.lastT = null;
    this.checkpoints = [];
    this.notes = [];
    this.facts = {};
    this.notDriven = null;
    this.observations = [];
    this.fidelity = [];
    this.handshakeMissed = false;
  }

  /** The Judge of `tab`'s session `session` (default: its newest); a sessionless one when it has none. */
  judgeFor(tab = FIRST_TAB, session) {
    tab = String(tab);
    const key = session === undefined ? this.newest.get(tab) : `${tab}#${session}`;
    if (key && this.judges.has(key)) return this.judges.get(key);
    if (!this.empty.has(tab)) this.empty.set(tab, this.adopt(new Judge(this.core)));
    return this.empty.get(tab);
  }

  /** Every host session: [{tab, session, surface, judge}]. */
  sessions() {
    return [...this.judges.values()].map((judge) => ({ tab: judge.tab, session: judge.sessionId, surface: judge.surface, judge }));
  }

  /**
   * Every call any host session's core tracks: [{tab, session, surface, call, own}]. `own`: the
   * host's own widget announced it (with the core's option instances, a host also mirrors the
   * calls other tabs' hosts own: call.owner is then another member).
   */
  allCalls() {
    return this.sessions().flatMap((s) => {
      const state = s.judge.state();
      const member = state.instances ? state.instances.member : null;
      return (state.calls || []).map((call) => ({
        tab: s.tab,
        session: s.session,
        surface: s.surface,
        call,
        own: !call.owner || !member || call.owner === member,
      }));
    });
  }

  /** Every envelope any host session posted: [{tab, t, envelope}]. */
  allPosts() {
    return this.sessions().flatMap((s) => s.judge.posts.map((p) => ({ tab: s.tab, ...p })));
  }

  adopt(judge) {
    judge.startedAt = this.startedAt;
    return judge;
  }

  feed(event) {
    if (event.console || event.widgetLoad) {
      this.observations.push(event);
      return null;
    }
    if (this.startedAt === null) this.startedAt = event.t;
    this.lastT = event.t;
    const tab = tabOf(event);
    if (event.input || event.output) {
      const key = `${tab}#${event.session}`;
      if (event.input === "create") {
        const judge = this.adopt(new Judge(this.core));
        const options = event.options || {};
        judge.surface = (options.syncFields && options.syncFields.iframeLocation) || null;
        if (this.empty.has(tab)) {
          judge.marks = new Map(this.empty.get(tab).marks);
          this.empty.get(tab).free();
          this.empty.delete(tab);
        }
        judge.tab = tab;
        // A page that loaded again numbers its sessions from 1 again: the earlier one keeps its verdict.
        if (this.judges.has(key)) {
          const earlier = this.judges.get(key);
          this.judges.delete(key);
          this.judges.set(`${key}@${event.t}:${this.judges.size}`, earlier);
        }
        this.judges.set(key, judge);
        this.newest.set(tab, key);
      }
      const judge = this.judges.get(key);
      if (!judge) {
        this.fidelity.push(`${tabName(tab)}: an event of session ${event.session}, which was never created`);
        return null;
      }
      return judge.feed(event);
    }
    if (event.mark) {
      for (const judge of [...this.judges.values(), ...this.empty.values()]) judge.feed(event);
      return null;
    }
    if (event.checkpoint) return this.checkpoint(event, tab);
    takeRemark(this, event);
    return null;
  }

  /** A checkpoint's result; a scenario-wide one (`scope: "all"`) may give its own `why`. */
  checkpoint(event, tab) {
    const params = event.params || {};
    let met;
    let computed = null;
    if (event.scope === "all") {
      const aggregate = AGGREGATES[event.predicate];
      const outcome = aggregate ? aggregate(this, params) : { met: false };
      met = Boolean(outcome.met);
      computed = met ? null : outcome.why || null;
    } else {
      const predicate = PREDICATES[event.predicate];
      met = Boolean(predicate && predicate(this.judgeFor(tab, event.session), params));
    }
    const result = { label: event.checkpoint, predicate: event.predicate, timeoutMs: event.timeoutMs, met, at: event.t - this.startedAt };
    if (event.tab !== undefined) result.tab = String(event.tab);
    if (event.scope === "all") result.scope = "all";
    const why = [computed, event.why].filter(Boolean).join("; ");
    if (why) result.why = why;
    this.checkpoints.push(result);
    // The first load's handshake in the first tab (a reload's is the reload scenario's own finding).
    if (event.predicate === "phase" && tab === FIRST_TAB && !met && !(params.loads > 1)) this.handshakeMissed = true;
    return result;
  }

  /** The scenario's verdict over all its host sessions (a single-session one reads as Judge's did). */
  verdict(scenario, trace = {}) {
    const sessions = this.sessions();
    const multi = sessions.some((s) => s.tab !== FIRST_TAB) || sessions.length > 1;
    const violations = [];
    const fidelity = [...this.fidelity];
    let received = 0;
    let sent = 0;
    for (const s of sessions) {
      const { judge } = s;
      judge.notePostsLeft();
      const where = multi ? `${tabName(s.tab)}, session ${s.session}${s.surface ? ` (${s.surface})` : ""}` : null;
      for (const v of judge.violations) violations.push(multi ? { ...v, tab: s.tab, session: s.session, ...(s.surface && { surface: s.surface }) } : v);
      for (const f of judge.fidelity) fidelity.push(where ? `${where}: ${f}` : f);
      received += judge.received;
      sent += judge.posts.length;
    }
    if (multi) violations.sort((a, b) => a.at - b.at);
    const result = scenarioResult(this, scenario, { violations, fidelity, received, sent });
    if (multi) result.sessions = sessions.map((s) => ({ tab: s.tab, session: s.session, surface: s.surface }));
    if (this.handshakeMissed) {
      const first = this.judgeFor(FIRST_TAB, sessions.find((s) => s.tab === FIRST_TAB)?.session);
      // The first tab's frame is the one a failed handshake is diagnosed from.
      const observations = this.observations.filter((o) => tabOf(o) === FIRST_TAB);
      const view = Object.assign(Object.create(first), { checkpoints: this.checkpoints, startedAt: this.startedAt, observations });
      result.diagnosis = diagnoseHandshake(view, { hostOrigin: trace.hostOrigin, widgetUrl: trace.widgetUrl });
    }
    return result;
  }

  free() {
    for (const judge of [...this.judges.values(), ...this.empty.values()]) judge.free();
  }
}

/** Judges every scenario of a trace: the report's scenario list. */
export async function judgeTrace(trace) {
  const core = await loadCore();
  const results = [];
  for (const scenario of trace.scenarios) {
    if (scenario.notRun) {
      results.push(notRunVerdict(scenario));
      continue;
    }
    const judge = new ScenarioJudge(core);
    for (const event of scenario.events) judge.feed(event);
    results.push(judge.verdict(scenario, trace));
    judge.free();
  }
  return results;
}

/** A scenario the runner did not start (the handshake failed in the first one), with why. */
function notRunVerdict(scenario) {
  return {
    name: scenario.name,
    title: scenario.title,
    status: "not-run",
    notRun: scenario.notRun,
    notDriven: null,
    durationMs: 0,
    checkpoints: [],
    missing: [],
    violations: [],
    fidelity: [],
    notes: [],
    envelopes: { fromWidget: 0, toWidget: 0 },
  };
}
