// The five pairings every browser bench measures, in one order, and how their figures are compared.
// [host, widget]; ratios divide by the reference pair (REFERENCE) and by the floor (FLOOR): pages
// with no SDK that post the same envelopes with window.postMessage.
export const PAIRINGS = [
  ["reference", "reference"],
  ["callcore", "callcore"],
  ["reference", "callcore"],
  ["callcore", "reference"],
  ["raw", "raw"],
];
export const REFERENCE = 0;
export const FLOOR = 4;
export const nameOf = ([host, widget]) => (host === "raw" ? "raw postMessage (floor)" : `${host} host + ${widget} widget`);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Round by round, pairing p's figure over pairing q's as a ratio of times, so above 1 is slower:
 * `raw[p][key]` are times when `lowerIsBetter`, rates (inverted here) otherwise.
 */
export const timeRatios = (raw, p, q, key, lowerIsBetter) =>
  raw[p][key].map((x, i) => (lowerIsBetter ? x / raw[q][key][i] : raw[q][key][i] / x));

/** Round by round, pairing p's rate over the reference pair's: the throughput targets are stated as rates. */
export const rateRatios = (raw, p, key) => raw[p][key].map((x, i) => x / raw[REFERENCE][key][i]);
