// The scenarios `callcore check` runs, as a person and HubSpot would act. Each step either acts
// (the host page's hook, or a click in the widget on what a hooks file or a data-callcore-action
// attribute names) or waits, bounded, for the core to see what should follow (a predicate of
// judge.mjs).
//
// Widget hooks (lib/hooks.mjs lists them; clicked and typed into as a person would, in Playwright):
//   actions: login, logout, availability (a toggle) or available/unavailable (one control each),
//     dial, ring, remote-answers (the callee picks up an outbound call), caller-hangs-up (the
//     caller of a ringing inbound call gives up), answer, decline, hangup, save (completes the call)
//   fields:  dial-number, incoming-number
// A widget without a hook a scenario needs is reported "not driven", naming the hook.

/** Numbers of the emulator's seeded contacts: one match each for caller ID. */
export const CONTACT_NUMBER = "+16175550142"; // Brian Halligan
const OTHER_CONTACT_NUMBER = "+442079460958"; // Amelia Hart

/** Mounts the widget (on `mountOptions.surface`, when given: see ScenarioContext.mount) and waits for its handshake. */
async function handshake(ctx, mountOptions) {
  await ctx.mount(mountOptions);
  await expectHandshake(ctx);
}

async function expectHandshake(ctx) {
  await ctx.expect("SYNC_ACK", "phase", { phase: "ready" });
  await ctx.expect("INITIALIZED", "phase", { phase: "initialized" });
}

async function logIn(ctx) {
  await ctx.click("login");
  await ctx.expect("LOGGED_IN", "loggedIn", { value: true });
}

/** What the core has seen so far of this page, every recorded event fed first (another page may have changed it). */
async function fresh(ctx) {
  await ctx.pull();
  return ctx.state();
}

async function ensureLoggedIn(ctx) {
  if (!(await fresh(ctx)).loggedIn) await logIn(ctx);
}

/**
 * Flips availability from whatever the core last saw, and waits for the matching message: with
 * the control for the state wanted (available, unavailable) when the widget has one, else the toggle.
 */
async function toggleAvailability(ctx) {
  const available = (await fresh(ctx)).available === true;
  await ctx.click([available ? "unavailable" : "available", "availability"]);
  await ctx.expect(available ? "USER_UNAVAILABLE" : "USER_AVAILABLE", "available", { value: !available });
}

async function ensureAvailable(ctx) {
  await ensureLoggedIn(ctx);
  if ((await fresh(ctx)).available !== true) await toggleAvailability(ctx);
}

/** OUTGOING_CALL_STARTED (reported as `label`) and the engagement HubSpot creates for it. */
async function expectOutboundCall(ctx, label) {
  await ctx.expect(label, "call", { state: "dialing", direction: "outbound" });
  await ctx.expect("the engagement for the call", "engagement", {});
}

/** `action` picks the call up: the callee (outbound) or the user (inbound). */
async function answerWith(ctx, action) {
  await ctx.click(action);
  await ctx.expect("CALL_ANSWERED", "call", { state: "inProgress" });
}

async function saveCall(ctx) {
  await ctx.click("save");
  await ctx.expect("CALL_COMPLETED", "call", { state: "completed" });
}

/** Once CALL_ENDED has reached the core, its callEndStatus is already recorded: no wait is needed. */
const DECIDED_MS = 500;

/**
 * `action` ends the call (hang up, decline, the caller giving up); then it is saved. With
 * `endStatus`, the callEndStatus the core recorded for the call must be that one (`why` says
 * what another one means).
 */
async function endAndSave(ctx, action, { endStatus, why } = {}) {
  await ctx.click(action);
  await ctx.expect("CALL_ENDED", "call", { state: "ended" });
  if (endStatus) await ctx.expect(`callEndStatus ${endStatus}`, "endStatus", { value: endStatus }, DECIDED_MS, { why });
  await saveCall(ctx);
}

/** How long a widget may take to dial by itself after DIAL_NUMBER before the runner clicks `dial`. */
export const DIAL_SELF_MS = 2000;

/**
 * Click-to-call in HubSpot: DIAL_NUMBER. A widget may dial at once, or fill in the number and
 * wait for its user to press call (HubSpot's demos do): both are legitimate. The runner waits
 * DIAL_SELF_MS for OUTGOING_CALL_STARTED, then clicks the widget's `dial` hook; the report says
 * which of the two happened.
 */
async function dialFromHost(ctx) {
  await ctx.host("dial", CONTACT_NUMBER);
  await dialledOrClick(ctx, Date.now());
}

/** After a DIAL_NUMBER sent at `sent`: the widget dials by itself within DIAL_SELF_MS, or `dial` is clicked. */
async function dialledOrClick(ctx, sent) {
  if (await ctx.within("call", { state: "dialing", direction: "outbound" }, DIAL_SELF_MS)) {
    ctx.note(`dialled by itself: OUTGOING_CALL_STARTED ${Date.now() - sent} ms after DIAL_NUMBER`, { dialled: "by itself" });
  } else {
    const seconds = DIAL_SELF_MS / 1000;
    await ctx.click("dial", {
      missing: `the widget did not dial by itself within ${seconds} s of DIAL_NUMBER, and ${ctx.missing("action", ["dial"], "click").replace(/^the widget /, "")}`,
    });
    ctx.note(`dialled on the user's click: no OUTGOING_CALL_STARTED within ${seconds} s of DIAL_NUMBER, so the runner clicked "dial"`, {
      dialled: "on the user's click",
    });
  }
  await expectOutboundCall(ctx, "OUTGOING_CALL_STARTED after DIAL_NUMBER");
}

/** From a fresh page to an outbound call HubSpot dialled (DIAL_NUMBER) that the callee answered. */
async function answeredCallFromHost(ctx) {
  await handshake(ctx);
  await ensureLoggedIn(ctx);
  await dialFromHost(ctx);
  await answerWith(ctx, "remote-answers");
}

/** From a fresh page to an inbound call from a seeded contact, ringing and matched by caller ID. */
async function ringingCallFromContact(ctx) {
  await handshake(ctx);
  await ensureAvailable(ctx);
  await ctx.fill("incoming-number", CONTACT_NUMBER);
  await ctx.click("ring");
  await ctx.expect("INCOMING_CALL", "call", { state: "ringing", direction: "inbound" });
  await ctx.expect("a caller-ID match for the caller", "callerIdMatched", {});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * issue 13: the calling window. The app uses it (usesCallingWindow): click-to-call on the record
 * page opens the calling window, whose widget gets DIAL_NUMBER; the call is answered there, the
 * tab leaves the record page (its widget goes), and the call is still ended and saved in the
 * calling window: one CALL_COMPLETED in all, with the engagement HubSpot created.
 */
async function callingWindow(ctx) {
  await handshake(ctx, { surface: "widget", usesCallingWindow: true });
  await ensureLoggedIn(ctx);
  const win = await ctx.callingWindow({ usesCallingWindow: true });
  await expectHandshake(win);
  await settleShared(win, "loggedIn");
  await ensureLoggedIn(win);
  await ctx.host("dialInCallingWindow", CONTACT_NUMBER);
  await dialledOrClick(win, Date.now());
  await answerWith(win, "remote-answers");
  await ctx.host("leave");
  ctx.note("the tab left the record page mid-call (its widget went away with it)");
  await win.click("hangup");
  await win.expect("CALL_ENDED", "call", { state: "ended" });
  await win.click("save");
  await ctx.expectAll("CALL_COMPLETED (one, across the tab and the calling window) with the engagement created", "oneCall", {
    state: "completed",
    direction: "outbound",
    engagement: true,
  });
}

/** How long a fact one instance set (login, availability) may take to reach another's host, when instances share it. */
const SHARE_MS = 2000;

/**
 * Instances that share login and availability (the core's option instances) tell their own
 * hosts by themselves: wait a moment for `fact` to arrive before a person would set it again
 * (which would be the second LOGGED_IN of one host: ALREADY_LOGGED_IN).
 */
async function settleShared(ctx, fact) {
  if (fact === "loggedIn") await ctx.within("loggedIn", { value: true }, SHARE_MS);
  else await ctx.within("available", { value: true }, SHARE_MS);
}

/** How long a second announcement of one ring may take to reach its host, once the first has. */
const ECHO_MS = 1000;

/**
 * issue 13: two HubSpot tabs, the widget in each one's remote frame. A ring in tab 1 must reach
 * tab 2; it is answered, hung up and saved there. Across all host sessions: one INCOMING_CALL,
 * one CALL_ANSWERED, one CALL_COMPLETED, one engagement (the judge's oneCall says what it saw
 * instead).
 */
async function twoTabsInbound(ctx) {
  const where = { surface: "remote", fallback: "widget" };
  await handshake(ctx, where);
  const tab2 = await ctx.openTab();
  await handshake(tab2, where);
  await ensureAvailable(ctx);
  await settleShared(tab2, "available");
  await ensureAvailable(tab2);
  await ctx.fill("incoming-number", CONTACT_NUMBER);
  await ctx.click("ring");
  const ringing = { state: "ringing", direction: "inbound", ringTab: "1" };
  // Once one host heard the ring, another announcement (every tab announcing it) has a moment to come.
  if (await ctx.withinAll("anyCall", { direction: "inbound" }, ctx.timeoutMs)) await sleep(ECHO_MS);
  await ctx.expectAll("INCOMING_CALL (one, across the tabs) for the ring in tab 1", "oneCall", ringing, ECHO_MS);
  await tab2.click("answer");
  await ctx.expectAll("CALL_ANSWERED (one, across the tabs) after the answer in tab 2", "oneCall", { ...ringing, state: "inProgress", answerTab: "2" });
  await tab2.click("hangup");
  await ctx.expectAll("CALL_ENDED (one, across the tabs) after the hang-up in tab 2", "oneCall", { ...ringing, state: "ended", answerTab: "2" });
  await tab2.click("save");
  await ctx.expectAll("CALL_COMPLETED (one, across the tabs, one engagement) after the save in tab 2", "oneCall", {
    ...ringing,
    state: "completed",
    answerTab: "2",
    engagement: true,
  });
}

/**
 * issue 13: the record page's widget holds an answered call and the user leaves the page. The
 * host warns (a dialog the runner reads and accepts), the widget goes; its call must have been
 * ended and completed by then, else the core reports CALL_LEFT_OPEN.
 */
async function navigateMidCall(ctx) {
  await handshake(ctx, { surface: "widget" });
  await ensureLoggedIn(ctx);
  await dialFromHost(ctx);
  await answerWith(ctx, "remote-answers");
  const before = ctx.dialogs.length;
  await ctx.host("leave");
  const dialog = await ctx.dialogAfter(before, DIAL_SELF_MS);
  if (!dialog) ctx.note("the host did not warn before leaving the record page mid-call (no dialog within 2 s)");
  await ctx.expect("the record page's widget went away", "unloaded", {});
  await ctx.expect("CALL_ENDED and CALL_COMPLETED before the widget went away", "call", { state: "completed" }, DECIDED_MS, {
    why: "the widget went away with its call open, which stays in HubSpot as an engagement with no outcome (the core's CALL_LEFT_OPEN); " +
      "the record page's frame is removed with the page, with no beforeunload in it: a call that must outlive the page belongs in " +
      "the calling window (usesCallingWindow; scenario calling-window)",
  });
}

export const SCENARIOS = [
  {
    name: "handshake",
    title: "SYNC answered with SYNC_ACK, then INITIALIZED",
    run: handshake,
  },
  {
    name: "login",
    title: "log out and in, become available and unavailable",
    async run(ctx) {
      await handshake(ctx);
      if (ctx.state().loggedIn) {
        await ctx.click("logout");
        await ctx.expect("LOGGED_OUT", "loggedIn", { value: false });
      }
      await logIn(ctx);
      await toggleAvailability(ctx);
      await toggleAvailability(ctx);
    },
  },
  {
    name: "dial-number",
    title: "outbound call from DIAL_NUMBER: started, engagement created, answered, ended, completed",
    async run(ctx) {
      await answeredCallFromHost(ctx);
      await endAndSave(ctx, "hangup");
    },
  },
  {
    name: "widget-call",
    title: "outbound call dialled in the widget: started, engagement created, answered, ended, completed",
    async run(ctx) {
      await handshake(ctx);
      await ensureLoggedIn(ctx);
      await ctx.fill("dial-number", OTHER_CONTACT_NUMBER);
      await ctx.click("dial");
      await expectOutboundCall(ctx, "OUTGOING_CALL_STARTED");
      await answerWith(ctx, "remote-answers");
      await endAndSave(ctx, "hangup");
    },
  },
  {
    name: "inbound",
    title: "inbound call matched by caller ID, answered, ended, completed",
    async run(ctx) {
      await ringingCallFromContact(ctx);
      await answerWith(ctx, "answer");
      await endAndSave(ctx, "hangup");
    },
  },
  {
    name: "inbound-declined",
    title: "inbound call declined, ended and completed",
    async run(ctx) {
      await ringingCallFromContact(ctx);
      await endAndSave(ctx, "decline");
    },
  },
  {
    name: "inbound-missed",
    title: "inbound call the caller hangs up while it rings: ended as MISSED, completed",
    async run(ctx) {
      await ringingCallFromContact(ctx);
      await endAndSave(ctx, "caller-hangs-up", {
        endStatus: "MISSED",
        why: "the caller gave up before anyone answered: a missed call, which CALL_ENDED reports as " +
          "callEndStatus MISSED (REJECTED is the user declining it)",
      });
    },
  },
  {
    name: "end-call",
    title: "END_CALL from the host ends the answered call, which is then completed",
    async run(ctx) {
      await answeredCallFromHost(ctx);
      await ctx.host("endCall");
      await ctx.expect("CALL_ENDED after END_CALL", "call", { state: "ended" });
      await saveCall(ctx);
    },
  },
  {
    name: "visibility",
    title: "VISIBILITY_CHANGED (minimised, hidden, shown) is accepted",
    async run(ctx) {
      await handshake(ctx);
      ctx.mark("visibility");
      for (const visibility of [
        { isMinimized: true, isHidden: false },
        { isMinimized: false, isHidden: true },
        { isMinimized: false, isHidden: false },
      ]) {
        await ctx.host("setVisibility", visibility);
      }
      await ctx.settle("the widget accepts VISIBILITY_CHANGED", "noRejection", { mark: "visibility" }, {
        why: "the widget answered VISIBILITY_CHANGED with UNKNOWN_MESSAGE_TYPE",
      });
    },
  },
  {
    name: "reload",
    title: "the widget reloads mid-call: the call is closed, the handshake is redone",
    async run(ctx) {
      await answeredCallFromHost(ctx);
      await ctx.reloadWidget();
      await ctx.expect("SYNC_ACK after the reload", "phase", { phase: "ready", loads: 2 });
      await ctx.expect("INITIALIZED after the reload", "phase", { phase: "initialized", loads: 2 });
      // Decided by now: the old page either closed its call or the core forgot it (CALL_LEFT_OPEN).
      await ctx.expect("CALL_COMPLETED for the call the reload interrupted", "call", { state: "completed" }, 500, {
        why: "a call still open when the page goes away stays in HubSpot as an engagement with no outcome (calling-extensions-sdk#46); " +
          "end and complete it at beforeunload (what is posted at pagehide arrives with no source window)",
      });
    },
  },
  {
    name: "error-reply",
    title: "an ERROR from the host is not answered with another ERROR",
    async run(ctx) {
      await handshake(ctx);
      ctx.mark("error");
      await ctx.host("sendUnknownTypeError", "CALLCORE_CHECK_PROBE");
      await ctx.settle("the widget does not answer the ERROR with an ERROR", "noRejection", { mark: "error" }, {
        why: "two peers that answer ERROR with ERROR trade ever-growing ERRORs until one throws " +
          "(the reference SDK does, docs/protocol.md 7.1)",
      });
    },
  },
  {
    name: "calling-window",
    surfaces: true,
    title: "a call started from a record page goes on in the calling window after the page is left",
    run: callingWindow,
  },
  {
    name: "two-tabs-inbound",
    surfaces: true,
    title: "a ring in tab 1 reaches tab 2, is answered and saved there: one call across the tabs",
    run: twoTabsInbound,
  },
  {
    name: "navigate-mid-call",
    surfaces: true,
    title: "leaving the record page mid-call: the host warns, the call is closed before the widget goes",
    run: navigateMidCall,
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
/** The scenarios over HubSpot's surfaces and several pages (issue 13): the calling window, tabs, leaving a record page. */
export const SURFACE_SCENARIO_NAMES = SCENARIOS.filter((s) => s.surfaces).map((s) => s.name);
/** The scenarios on one page, the widget in the record page's dock. */
export const PAGE_SCENARIO_NAMES = SCENARIOS.filter((s) => !s.surfaces).map((s) => s.name);
