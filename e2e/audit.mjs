// Accessibility, best practices and SEO of the reader's pages, measured by the real tools:
// axe-core (through Playwright) and Lighthouse 12, on home, an article, a category, search and
// the print archive, as a phone and as a desktop. Fails below 100 in any Lighthouse category
// (the search page alone may fail SEO's is-crawlable: it asks not to be indexed), on any axe
// violation, or on a cumulative layout shift above 0.05 (pictures keep their place), printing
// what failed. Lighthouse's performance score is printed, not required: on a shared CI machine
// against a debug build it measures the machine as much as the page (bench/ measures it).
// Run: npm run audit (after cargo build), as .ci/run does.
import { AxeBuilder } from '@axe-core/playwright';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { skip, startSite } from './harness.mjs';

const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
const MEASURED = [...CATEGORIES, 'performance'];
const MAX_LAYOUT_SHIFT = 0.05;
const PHONE = { width: 390, height: 844 };

async function pagesOf(base) {
  const newest = await (await fetch(`${base}/api/v1/articles?limit=1`)).json();
  const article = newest.items[0];
  return [
    ['home', '/'],
    ['article', article.url],
    ['category', `/${article.category.slug}`],
    ['search', '/tim-kiem?q=gi%C3%A1+l%C3%BAa'],
    ['print archive', '/tap-chi-in'],
  ];
}

async function axeViolations(site, path, viewport) {
  const context = await site.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${site.base}${path}`);
  const result = await new AxeBuilder({ page }).analyze();
  await context.close();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

async function lighthouseScores(chrome, url, formFactor) {
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: MEASURED };
  const config = formFactor === 'desktop' ? desktopConfig : undefined;
  const { lhr } = await lighthouse(url, flags, config);
  const failures = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    for (const ref of category.auditRefs.filter((r) => r.weight > 0)) {
      const audit = lhr.audits[ref.id];
      if (audit.score !== null && audit.score < 1) failures.push(`${id}/${ref.id}: ${audit.title}`);
    }
  }
  const scores = Object.fromEntries(MEASURED.map((id) => [id, Math.round(lhr.categories[id].score * 100)]));
  const shift = lhr.audits['cumulative-layout-shift'].numericValue;
  if (shift > MAX_LAYOUT_SHIFT) failures.push(`performance/cumulative-layout-shift: ${shift.toFixed(3)} > ${MAX_LAYOUT_SHIFT}`);
  scores.shift = shift.toFixed(3);
  return { scores, failures };
}

async function main() {
  if (skip) {
    console.log(`audit ${skip}`);
    return 0;
  }
  const site = await startSite();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  let failed = 0;
  try {
    for (const [name, path] of await pagesOf(site.base)) {
      for (const [formFactor, viewport] of [['mobile', PHONE], ['desktop', { width: 1350, height: 940 }]]) {
        const violations = await axeViolations(site, path, viewport);
        const { scores, failures } = await lighthouseScores(chrome, `${site.base}${path}`, formFactor);
        // The search page asks not to be indexed (noindex), by design; nothing else is excused.
        const counted = failures.filter((f) => !(name === 'search' && f.startsWith('seo/is-crawlable:')));
        const exempted = failures.filter((f) => !counted.includes(f));
        const ok = violations.length === 0 && counted.length === 0;
        failed += ok ? 0 : 1;
        const figures = [...MEASURED.map((c) => `${c} ${scores[c]}`), `layout shift ${scores.shift}`].join(', ');
        console.log(`${ok ? 'ok' : 'FAILED'}: ${name} (${path}), ${formFactor}: ${figures}; axe ${violations.length} violations`);
        for (const line of [...violations.map((v) => `axe ${v}`), ...counted]) console.log(`    ${line}`);
        for (const line of exempted) console.log(`    (not required here) ${line}`);
      }
    }
  } finally {
    await chrome.kill();
    await site.stop();
  }
  console.log(failed ? `audit: ${failed} page checks failed` : 'audit: every page passed');
  return failed ? 1 : 0;
}

process.exitCode = await main();
