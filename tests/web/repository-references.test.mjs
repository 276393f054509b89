// The repository explains itself. Over every file git knows (tracked, or new and not ignored):
//   (a) nothing points at notes kept outside the repository (the team's private protocol,
//       design and toolchain notes, a sibling `shared` folder, an absolute /work path);
//   (b) an issue number always names its tracker ("calling-extensions-sdk" then "#" and the
//       number), never stands bare after a space or an opening bracket;
//   (c) every relative link of the documentation (README.md, docs/*.md, cli/README.md,
//       BENCHMARKS.md) reaches a file of the repository, and its anchor, when it points into a
//       markdown page, is one of that page's headings.
// Each test lists every offending line, so one run says everything there is to fix.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// ---- the files ----

/** Repository paths git knows: tracked, plus new files not ignored (so a page is checked before its commit). */
function knownFiles() {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split("\0").filter(Boolean))].filter((path) => existsSync(join(root, path)));
}

const SKIPPED = /(^|\/)(node_modules|third_party)\/|(^|\/)package-lock\.json$/;

/** A file is binary when its first 8000 bytes hold a NUL, as git itself decides. */
function textOf(path) {
  const bytes = readFileSync(join(root, path));
  if (bytes.subarray(0, 8000).includes(0)) return null;
  return bytes.toString("utf8");
}

const files = knownFiles();
const texts = files
  .filter((path) => !SKIPPED.test(path))
  .map((path) => ({ path, text: textOf(path) }))
  .filter((file) => file.text !== null);

/** Every line of every text file that `finds(line, path)` objects to, as "path:line: what". */
function offending(finds) {
  const found = [];
  for (const { path, text } of texts) {
    text.split("\n").forEach((line, index) => {
      for (const what of finds(line, path)) found.push(`${path}:${index + 1}: ${what}`);
    });
  }
  return found;
}

function report(found, rule) {
  if (found.length) assert.fail(`${found.length} line(s) break the rule: ${rule}\n  ${found.join("\n  ")}\n`);
}

// ---- (a) notes outside the repository ----

// The patterns are written so that this file does not name what it looks for.
const OUTSIDE_NOTES = [
  /\bPROTOCOL\.md\b/,
  /\bDESIGN\.md\b/,
  /\bTOOLCHAIN\.md\b/,
  /\.\.\/shared\b/,
  /\/work\//,
];

function outsideNotes(line) {
  return OUTSIDE_NOTES.filter((pattern) => pattern.test(line)).map((pattern) => `matches ${pattern}: ${excerpt(line)}`);
}

// ---- (b) bare issue numbers ----

// "#" and digits where an issue number is written: at the start of a line, or after a space,
// "(" or "[". After a letter, digit, "-" or "/" it is a tracker's name ("repo#46") or a
// URL fragment, and a markdown heading's "#"s are followed by a space, never by a digit.
const BARE_ISSUE = /(^|[\s([])#(\d+)(?!\w)/g;

/** A colour in CSS: 3, 4, 6 or 8 digits as the value of a declaration in a stylesheet or a style attribute. */
function isCssColour(path, before, digits) {
  if (![3, 4, 6, 8].includes(digits.length)) return false;
  // a stylesheet, a style attribute, or a rule of a <style> block in a page (inside its braces)
  const inCss =
    path.endsWith(".css") || /\bstyle\s*=\s*["'][^"']*$/.test(before) || (path.endsWith(".html") && /\{[^}]*$/.test(before));
  return inCss && !before.includes("/*") && /(^|[\s;{"'])-{0,2}[a-z][\w-]*\s*:[^;{}]*$/i.test(before);
}

function bareIssues(line, path = "") {
  const found = [];
  for (const match of line.matchAll(BARE_ISSUE)) {
    const at = match.index + match[1].length; // where "#" is
    const before = line.slice(0, at);
    if (before.endsWith("](")) continue; // a markdown link to an anchor of the same page
    if (isCssColour(path, before, match[2])) continue;
    found.push(`bare issue number "#${match[2]}" (write the tracker: calling-extensions-sdk#${match[2]}): ${excerpt(line)}`);
  }
  return found;
}

function excerpt(line) {
  const trimmed = line.trim();
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}

// ---- (c) links of the documentation ----

const DOCUMENTATION = [
  "README.md",
  "cli/README.md",
  "BENCHMARKS.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** A page's lines with those of fenced code blocks blanked: neither links nor headings live there. */
function outsideFences(markdown) {
  let fence = null;
  return markdown.split("\n").map((line) => {
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = null;
      return "";
    }
    if (opening) {
      fence = opening[1];
      return "";
    }
    return line;
  });
}

/** The text a renderer reads links from: no fenced code blocks, no code spans. */
function proseOf(markdown) {
  return outsideFences(markdown).map((line) => line.replace(/(`+)(?:(?!\1).)+?\1/g, ""));
}

/** Link targets with their line numbers: inline links and images, reference definitions, HTML href/src. */
function linksOf(markdown) {
  const links = [];
  proseOf(markdown).forEach((line, index) => {
    const patterns = [
      /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
      /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/g,
      /<(?:a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']+)["']/gi,
    ];
    for (const pattern of patterns) {
      for (const match of line.matchAll(pattern)) links.push({ line: index + 1, target: match[1] });
    }
  });
  return links;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, each space a hyphen. */
function slugOf(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor of a markdown page: its headings' (repeats numbered "-1", "-2", ...) and explicit ids. */
function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  for (const line of outsideFences(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const slug = slugOf(heading[1]);
      const count = seen.get(slug) || 0;
      seen.set(slug, count + 1);
      anchors.add(count ? `${slug}-${count}` : slug);
    }
    for (const id of line.matchAll(/<[a-z]+\b[^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(id[1]);
  }
  return anchors;
}

const known = new Set(files);
const knownDirectories = new Set(
  files.flatMap((path) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))),
);
const anchorsByPage = new Map();
function anchorsOfPage(page) {
  if (!anchorsByPage.has(page)) anchorsByPage.set(page, anchorsOf(readFileSync(join(root, page), "utf8")));
  return anchorsByPage.get(page);
}

function brokenLinks(page) {
  const found = [];
  for (const { line, target } of linksOf(readFileSync(join(root, page), "utf8"))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // absolute: not ours to check
    const hash = target.indexOf("#");
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
    const resolved = pathPart ? posix.normalize(posix.join(posix.dirname(page), pathPart)).replace(/\/$/, "") : page;
    const where = `${page}:${line}: ${target}`;
    if (resolved.startsWith("..") || !(known.has(resolved) || knownDirectories.has(resolved))) {
      found.push(`${where}: no such file in the repository`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && !anchorsOfPage(resolved).has(anchor)) {
      found.push(`${where}: ${resolved} has no heading with the anchor #${anchor}`);
    }
  }
  return found;
}

// ---- the rules on examples, so a rule too loose or too strict fails here first ----

const HASH = "#"; // spelled apart, so that this file holds no bare issue number itself

test("the issue rule flags a bare number and lets tracker names, headings, fragments and colours pass", () => {
  for (const bare of [`(${HASH}46)`, `issue ${HASH}210, again`, `${HASH}153 at the start`, `[${HASH}87]`, `PR ${HASH}19.`]) {
    assert.equal(bareIssues(bare, "notes.md").length, 1, bare);
  }
  assert.equal(bareIssues(`(${HASH}153, ${HASH}46)`, "a.c").length, 2);
  for (const fine of [
    `(calling-extensions-sdk${HASH}46)`,
    `HubSpot/calling-extensions-sdk${HASH}210`,
    `${HASH}${HASH}${HASH} 4.5 Legality matrix`,
    `see [the matrix](docs/protocol.md${HASH}45-legality-matrix)`,
    `see [below](${HASH}45-legality-matrix)`,
    `https://example.com/page${HASH}12`,
    `color ${HASH}12ab34 and ${HASH}fff`,
    `${HASH}include <stdio.h>`,
  ]) {
    assert.deepEqual(bareIssues(fine, "notes.md"), [], fine);
  }
  assert.deepEqual(bareIssues(`  --ink: ${HASH}213343;`, "styles.css"), []);
  assert.deepEqual(bareIssues(`button:hover { background: ${HASH}096863; }`, "styles.css"), []);
  assert.deepEqual(bareIssues(`<p style="color: ${HASH}333">`, "page.html"), []);
  assert.deepEqual(bareIssues(`  #menu { border: 1px solid ${HASH}999; }`, "page.html"), []);
  assert.equal(bareIssues(`<p>fixed in ${HASH}999</p>`, "page.html").length, 1);
  // a colour is a colour only in CSS: the same text elsewhere is an issue number
  assert.equal(bareIssues(`note: fixed in ${HASH}210`, "notes.md").length, 1);
  assert.equal(bareIssues(`/* the fix for ${HASH}210 */`, "styles.css").length, 1);
});

test("the outside-notes rule finds each name and passes the repository's own pages", () => {
  for (const name of ["PROTOCOL", "DESIGN", "TOOLCHAIN"]) {
    assert.equal(outsideNotes(`see ${name}.md 4.5`).length, 1, name);
    assert.deepEqual(outsideNotes(`see docs/${name.toLowerCase()}.md 4.5`), [], name);
  }
  assert.equal(outsideNotes(`(../${"shared"}/x)`).length, 1);
  assert.equal(outsideNotes(`cd /${"work"}/main`).length, 1);
});

test("links and anchors are read as GitHub renders them", () => {
  assert.equal(slugOf("4.5 Legality matrix"), "45-legality-matrix");
  assert.equal(slugOf("Appendix B. Conformance checklist"), "appendix-b-conformance-checklist");
  assert.equal(slugOf("The `*_FAILED` rule"), "the-_failed-rule");
  const page = ["# Top", "## Same", "## Same", "```", "## Not a heading", "[x](inside.md)", "```", '<a id="kept"></a>'].join("\n");
  assert.deepEqual([...anchorsOf(page)], ["top", "same", "same-1", "kept"]);
  const links = linksOf("[a](one.md#x) `[b](code.md)` ![c](img.png \"title\")\n[d]: two.md\n<img src=\"three.png\">");
  assert.deepEqual(links.map((l) => l.target), ["one.md#x", "img.png", "two.md", "three.png"]);
});

// ---- the repository ----

test("no file points at notes kept outside the repository", () => {
  report(offending(outsideNotes), "name docs/protocol.md, docs/architecture.md or docs/toolchain.md instead");
});

test("no issue number stands without its tracker", () => {
  report(offending(bareIssues), "an issue of HubSpot's SDK is written calling-extensions-sdk#<number>");
});

test("every relative link of the documentation reaches a file, and an anchor a heading", () => {
  report(DOCUMENTATION.filter((page) => existsSync(join(root, page))).flatMap(brokenLinks), "links resolve inside the repository");
});
