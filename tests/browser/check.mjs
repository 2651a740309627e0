// Loads pages of a built dateline site in headless Chromium and fails on
// any console error, failed or external request, or axe-core violation.
// Also checks that a resolved phrase shows its tooltip on keyboard focus,
// that the filter form works, and writes screenshots at 1280 and 375 px.
//
// Usage: node check.mjs BASE_URL SCREENSHOT_DIR LABEL PAGE...
//   BASE_URL        e.g. http://127.0.0.1:8123/  (the site root)
//   SCREENSHOT_DIR  where PNGs go (not committed)
//   LABEL           prefix of the screenshot names
//   PAGE            paths relative to BASE_URL ("" is the index)

import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [base, shots, label, ...pages] = process.argv.slice(2);
if (!base || !shots || pages.length === 0) {
  console.error("usage: node check.mjs BASE_URL SCREENSHOT_DIR LABEL PAGE...");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const origin = new URL(base).origin;
const problems = [];
const note = (page, msg) => problems.push(`${label}/${page || "index"}: ${msg}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function visit(path, width, scheme) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
  });
  const page = await context.newPage();
  const name = `${label}-${(path || "index").replace(/[^a-z0-9]+/gi, "_")}-${width}-${scheme}`;
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") note(path, `console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => note(path, `page error: ${e.message}`));
  page.on("requestfailed", (r) => note(path, `request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) note(path, `external request: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) note(path, `HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(new URL(path, base).href, { waitUntil: "load" });
  if (!response || !response.ok()) note(path, `status ${response?.status()}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) note(path, `${width}px ${scheme}: page is ${overflow}px wider than the viewport`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  for (const v of result) note(path, `${width}px ${scheme}: axe ${v}`);
  await page.screenshot({ path: `${shots}/${name}.png` });
  // A second view further down long pages (a full-page shot of a phone
  // layout is too tall to look at).
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > 1800) {
    await page.screenshot({ path: `${shots}/${name}-lower.png`, fullPage: true, clip: { x: 0, y: Math.round(height / 2), width, height: 900 } });
  }

  // A resolved phrase shows its explanation when focused with the keyboard.
  if ((await page.locator(".timex").count()) > 0) {
    const first = page.locator(".timex").first();
    await first.focus();
    const shown = await first.evaluate((el) => ({
      display: getComputedStyle(el, "::after").display,
      content: getComputedStyle(el, "::after").content,
      describedBy: document.getElementById(el.getAttribute("aria-describedby") || "")?.textContent || "",
    }));
    if (shown.display !== "block" || shown.content.length < 5) note(path, `tooltip not shown on focus: ${JSON.stringify(shown)}`);
    if (!shown.describedBy) note(path, "aria-describedby names no note");
    await page.screenshot({ path: `${shots}/${name}-focus.png` });
  }

  // The filter form appears with JavaScript and hides non-matching events.
  const form = page.locator("form.filters");
  if ((await form.count()) > 0 && width === 1280 && scheme === "light") {
    if (await form.isHidden()) note(path, "filter form still hidden with JavaScript on");
    const select = page.locator("form.filters select").first();
    if ((await select.count()) > 0) {
      const total = await page.locator("li.event").count();
      const value = await select.locator("option").nth(1).getAttribute("value");
      await select.selectOption(value);
      const visible = await page.locator("li.event:visible").count();
      if (!(visible > 0 && visible < total)) note(path, `filter by ${value}: ${visible} of ${total} shown`);
      await select.selectOption("");
      if ((await page.locator("li.event:visible").count()) !== total) note(path, "filter reset failed");
    }
  }
  // The print stylesheet: no navigation, no filters, text and dates only.
  if (width === 1280 && scheme === "light") {
    await page.emulateMedia({ media: "print" });
    const leftovers = await page.evaluate(() =>
      [".site-nav", "form.filters", ".pager", ".site-footer"]
        .filter((sel) => { const el = document.querySelector(sel); return el && getComputedStyle(el).display !== "none"; }));
    if (leftovers.length) note(path, `print shows ${leftovers.join(", ")}`);
    await page.screenshot({ path: `${shots}/${name}-print.png` });
  }
  await context.close();
}

// The narrowest layout the stylesheet supports: nothing may stick out.
async function narrow(path) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(new URL(path, base).href, { waitUntil: "load" });
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "")));
  if (wide.length) note(path, `360px: wider than the viewport: ${wide.join(", ")}`);
  await context.close();
}

for (const path of pages) {
  await narrow(path);
  for (const width of [1280, 375]) {
    for (const scheme of ["light", "dark"]) {
      await visit(path, width, scheme);
    }
  }
}
await browser.close();

if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`browser check: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`browser check (${label}): ${pages.length} page(s) × 2 widths × 2 colour schemes, no console error, no failed request, 0 axe violations`);
