// Live reload in a real browser: `dateline serve` on a copy of a fixture site
// (loopback, under a base path), headless Chromium on one of its pages.
// Checks that an edit reloads the page, that a broken article shows the
// error overlay without a reload (the script's own path), that the fix clears
// it, and that the console stays clean. Saves a screenshot of the overlay.
//
//   node tests/browser/serve-check.mjs BINARY FIXTURE_SITE OUT_DIR
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const [binary, fixture, outDir] = process.argv.slice(2);
const site = fs.mkdtempSync(path.join(os.tmpdir(), "serve-check-"));
fs.cpSync(fixture, site, { recursive: true });
fs.mkdirSync(outDir, { recursive: true });
const article = path.join(site, "content/talks-begin.md");
const edit = (from, to) => {
  const text = fs.readFileSync(article, "utf8");
  if (!text.includes(from)) throw new Error(`no ${from} in the article`);
  fs.writeFileSync(article, text.replace(from, to));
};

const server = spawn(binary, ["serve", "--port", "0", "--base-path", "/repo/", "--root", site], {
  stdio: ["ignore", "pipe", "inherit"],
});
const first = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no address")), 15000);
  readline.createInterface({ input: server.stdout }).once("line", (l) => {
    clearTimeout(timer);
    resolve(l);
  });
});
const base = first.slice(first.indexOf("http://"));
const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(base + "articles/talks-begin.html");
  await page.waitForTimeout(300); // let the event stream connect

  let t = Date.now();
  const reloaded = page.waitForEvent("load", { timeout: 10000 });
  edit("Talks begin in Calden", "Talks resume in Calden");
  await reloaded;
  console.log(`edit → page reloaded in ${Date.now() - t} ms`);
  if (!(await page.content()).includes("Talks resume in Calden")) problems.push("edit not shown");

  await page.waitForTimeout(300);
  t = Date.now();
  edit("date = 2025-06-24T09:30:00+02:00", 'date = "someday"');
  const overlay = await page.waitForSelector("#dateline-overlay", { timeout: 10000 });
  console.log(`break → overlay shown in ${Date.now() - t} ms`);
  const text = await overlay.textContent();
  if (!text.includes("content/talks-begin.md:3:1: error: expected a dateline")) {
    problems.push(`overlay text: ${text}`);
  }
  await page.screenshot({ path: path.join(outDir, "serve-overlay.png") });

  t = Date.now();
  const fixed = page.waitForEvent("load", { timeout: 10000 });
  edit('date = "someday"', "date = 2025-06-24T09:30:00+02:00");
  await fixed;
  console.log(`fix → page reloaded in ${Date.now() - t} ms`);
  if (await page.$("#dateline-overlay")) problems.push("overlay still shown after the fix");
} catch (e) {
  problems.push(String(e));
} finally {
  await browser.close();
  server.kill("SIGINT");
  fs.rmSync(site, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("serve-check: ok");
