// Captures the dashboard's trace list: node screenshot.mjs DASHBOARD_URL OUTPUT.png SERVICE...
// The page is a Blazor Server app that renders over a websocket after load, so it waits until every named
// service shows in the list instead of capturing at the load event (a blank page).
import puppeteer from 'puppeteer-core';

const [dashboard, output, ...services] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // Chromium's sandbox refuses to run as root, which is how containers and CI usually run this.
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 780 });
  await page.goto(new URL('/traces', dashboard).href, { waitUntil: 'networkidle2' });
  await page.waitForFunction(
    names => names.every(name => document.body.innerText.includes(name)),
    { timeout: 60_000, polling: 250 },
    services);
  // The list fills in row by row; a moment more lets the last rows and their duration bars settle.
  await new Promise(resolve => setTimeout(resolve, 1500));
  await page.screenshot({ path: output });
} finally {
  await browser.close();
}
