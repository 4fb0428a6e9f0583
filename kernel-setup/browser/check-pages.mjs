// Opens exported pages in headless Chromium with the network cut off and checks that they
// render as evidence: every plot div holds an SVG, no script error was raised or logged,
// nothing was fetched from the network, the page has a title and is under 3 MB. Usage: node check-pages.mjs PAGE.html...
// Environment: LAB_CHROMIUM (default /usr/bin/chromium); playwright-core is resolved from
// NODE_PATH (kernel-setup/setup.sh puts it in kernel-setup/target/browser/node_modules).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import fs from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const pages = process.argv.slice(2);
// A published page must stay small enough to publish (issue 15: under 3 MB).
const LIMIT_BYTES = Number(process.env.LAB_PAGE_LIMIT_BYTES || 3_000_000);
if (pages.length === 0) {
  console.error("usage: node check-pages.mjs PAGE.html...");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.LAB_CHROMIUM || "/usr/bin/chromium",
  // No network: every request goes to a proxy that is not there, besides the routing below.
  args: ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-gpu"],
});
let failedPages = 0;
try {
  for (const page of pages) {
    const problems = await check(page);
    if (problems.length) {
      failedPages++;
      console.log(`  FAIL ${path.basename(page)}`);
      for (const p of problems) console.log(`    - ${p}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`browser-check: ${pages.length - failedPages} of ${pages.length} page(s) render offline`);
process.exit(failedPages ? 1 : 0);

async function check(file) {
  const problems = [];
  const size = fs.statSync(file).size;
  if (size >= LIMIT_BYTES) problems.push(`${(size / 1e6).toFixed(2)} MB, over the ${(LIMIT_BYTES / 1e6).toFixed(1)} MB limit`);
  const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
  const page = await context.newPage();
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    problems.push(`tried to fetch ${url.slice(0, 120)}`);
    return route.abort();
  });
  page.on("pageerror", (e) => problems.push(`script error: ${String(e.message || e).split("\n")[0].slice(0, 300)}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text().split("\n")[0].slice(0, 300)}`);
  });
  try {
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load", timeout: 60000 });
    // plotly draws synchronously from newPlot, but give promises and fonts a moment
    await page.waitForTimeout(500);
    const plots = await page.evaluate(() => {
      const divs = [...document.querySelectorAll("div.lab-figure > div[id]")];
      return divs.map((d) => ({ id: d.id, svg: d.querySelectorAll("svg.main-svg").length,
                                text: (d.innerText || "").slice(0, 120) }));
    });
    for (const p of plots) {
      if (p.svg === 0) problems.push(`plot ${p.id} has no SVG${p.text ? " (it says: " + p.text + ")" : ""}`);
    }
    const title = await page.title();
    if (!title.trim()) problems.push("the page has no title");
    if (!problems.length) console.log(`  ok   ${path.basename(file)}: ${(size / 1e6).toFixed(2)} MB, ${plots.length} plot(s) drawn, title "${title}"`);
  } catch (e) {
    problems.push(`could not load: ${String(e.message || e).split("\n")[0]}`);
  } finally {
    await context.close();
  }
  return problems;
}
