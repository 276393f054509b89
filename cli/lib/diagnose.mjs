// Why a handshake failed, in the words a widget's author needs: what the widget's frame logged
// (its console, uncaught errors, how its page loaded), what the host sent (each SYNC and the
// targetOrigin it was posted to), and the fix in a sentence. Built from the trace only (the
// judge's view of one scenario), so `callcore replay` gives the same diagnosis.

/** What the widget's frame logged, worst first; plain logs only when nothing worse was logged. */
function loggedLines(observations, startedAt) {
  const lines = observations
    .filter((o) => o.console)
    .map((o) => ({ at: Math.max(0, o.t - startedAt), level: o.console, from: o.from, text: o.text }));
  const serious = lines.filter((l) => l.level === "error" || l.level === "warning" || l.level === "uncaught" || l.level === "assert");
  const shown = serious.length ? serious : lines.slice(-5);
  // The same sentence over and over (a refusal per SYNC) is shown once, with its count.
  const unique = [];
  for (const line of shown) {
    const same = unique.find((u) => u.level === line.level && u.text === line.text);
    if (same) same.count = (same.count || 1) + 1;
    else unique.push({ ...line });
  }
  return unique.slice(0, 10);
}

/** The SYNCs the host posted: how many, to which targetOrigin(s), first and last. */
function syncsSent(posts, startedAt) {
  const syncs = posts.filter((p) => p.envelope && p.envelope.type === "SYNC");
  if (!syncs.length) return { count: 0, targetOrigins: [] };
  return {
    count: syncs.length,
    targetOrigins: [...new Set(syncs.map((p) => p.targetOrigin))],
    firstAt: syncs[0].t - startedAt,
    lastAt: syncs[syncs.length - 1].t - startedAt,
  };
}

/** The fix, in a sentence: the first rule that the evidence fits. */
function fixFor({ stage, loads, logged, sent, received, violations, hostOrigin, widgetOrigin }) {
  const text = (re) => logged.find((l) => re.test(l.text));
  const framing = text(/Refused to (display|frame)|frame-ancestors|X-Frame-Options/i) || loads.find((l) => /ERR_BLOCKED_BY_RESPONSE/.test(l.error || ""));
  if (framing) return `The widget's server forbids framing (X-Frame-Options or CSP frame-ancestors): let ${hostOrigin} frame ${widgetOrigin}.`;
  const failedLoad = loads.find((l) => l.error);
  if (failedLoad) {
    return `Nothing could be loaded from ${failedLoad.url} (${failedLoad.error}): start the widget's server, or correct the URL (scheme, host, port).`;
  }
  const badStatus = loads.find((l) => l.status >= 400);
  if (badStatus) return `The widget's URL answered HTTP ${badStatus.status}: correct the URL, or serve the widget's page there.`;
  if (text(/is not an allowed host origin/)) {
    return `The widget refuses the host's origin ${hostOrigin}: add it to the widget's allowedHostOrigins, or run the check with --host-origin set to an origin the widget already allows.`;
  }
  if (!sent.count) {
    const refused = violations.find((v) => v.severity === "error");
    return refused
      ? `The host sent no SYNC: ${refused.message}.`
      : "The host sent no SYNC: the widget's frame never finished loading.";
  }
  if (stage === "INITIALIZED") {
    return "The widget answered SYNC but never sent INITIALIZED: call initialized({isLoggedIn, isAvailable}) from its onReady handler.";
  }
  const refused = violations.find((v) => v.severity === "error" && v.direction === "inbound");
  if (received && refused) return `The host refused what the widget sent: ${refused.message}.`;
  const thrown = logged.find((l) => l.level === "uncaught" || l.level === "error");
  if (thrown) return `The widget's page failed as it loaded ("${thrown.text}"): fix that error, so that its CallingExtensions is created and answers SYNC.`;
  return "The widget never answered SYNC and logged nothing that says why: check that its page loads the SDK and creates CallingExtensions as it loads (not after a click), with an onReady handler.";
}

/** The diagnosis of a judge whose first handshake missed (see Judge.handshakeMissed). */
export function diagnoseHandshake(judge, { hostOrigin, widgetUrl }) {
  const startedAt = judge.startedAt ?? 0;
  const missed = judge.checkpoints.find((c) => c.predicate === "phase" && !c.met);
  const stage = missed && /INITIALIZED/.test(missed.label) ? "INITIALIZED" : "SYNC_ACK";
  const logged = loggedLines(judge.observations, startedAt);
  const loads = judge.observations.filter((o) => o.widgetLoad).map((o) => o.widgetLoad);
  const sent = syncsSent(judge.posts, startedAt);
  const widgetOrigin = widgetUrl ? new URL(widgetUrl).origin : "the widget";
  const fix = fixFor({ stage, loads, logged, sent, received: judge.received, violations: judge.violations, hostOrigin, widgetOrigin });
  return { stage, hostOrigin: hostOrigin || null, logged, loads, sent, received: judge.received, fix };
}
