/**
 * Takes full-page screenshots of Cairn pages in Debian's Chromium, for docs/screenshots/ and for
 * looking at what we build.  Usage: npx tsx scripts/screenshot.ts http://127.0.0.1:3000/ out.png [width]
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/render/chromium.js';

const [url, out, width] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: screenshot URL OUT.png [WIDTH]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: Number(width ?? 1280), height: 900 } });
await page.goto(url);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
