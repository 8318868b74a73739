// What a reader clicks, in headless Chromium against `toasoan serve --demo`.
// Needs the debug binary (`cargo build`) and Debian's chromium; says why and skips without them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skip, startSite } from './harness.mjs';

let site, browser, base;

before(async () => {
  if (skip) return;
  site = await startSite();
  ({ browser, base } = site);
});

after(async () => {
  await site?.stop();
});

const ARTICLE_TIME = /^\d{2}:\d{2}' \d{1,2}\/\d{1,2}\/\d{4}$/;

async function readFromMenuToTag(page) {
  await page.goto(base);
  await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Kinh tế' }).click();
  assert.equal(new URL(page.url()).pathname, '/kinh-te');
  assert.equal(await page.locator('h1').innerText(), 'Kinh tế');
  const first = page.locator('.list .card-title a').first();
  const headline = await first.innerText();
  await first.click();
  assert.equal(await page.locator('h1').innerText(), headline);
  assert.match(await page.locator('.meta time').innerText(), ARTICLE_TIME);
  assert.ok(await page.locator('.byline').isVisible(), 'the byline shows');
  assert.ok((await page.locator('.related li').count()) > 0, '"Bài cùng chuyên mục" lists articles');
  const tag = page.locator('.tags a.tag').first();
  const tagName = await tag.innerText();
  await tag.click();
  assert.equal(await page.locator('h1').innerText(), tagName);
  assert.ok(await page.getByRole('link', { name: headline }).isVisible(), 'the tag page lists the article');
}

test('a reader goes from the menu to an article and on to its tag', { skip }, async () => {
  const page = await browser.newPage();
  await readFromMenuToTag(page);
  await page.close();
});

test('the same path works with JavaScript switched off', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await readFromMenuToTag(await context.newPage());
  await context.close();
});

test('on a phone the article fits the screen', { skip }, async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await context.newPage();
  await page.goto(base);
  await page.locator('.lead-story h2 a').click();
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await context.close();
});

test('an unknown address shows the Vietnamese 404 page with a way home', { skip }, async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${base}/khong-co-trang-nay`);
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Không tìm thấy trang');
  await page.getByRole('link', { name: 'Về trang chủ' }).click();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.close();
});

test('the search box suggests titles as the reader types, without marks', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(base);
  await page.locator('#site-q').pressSequentially('xuat khau', { delay: 30 });
  const suggestion = page.locator('.suggestions a').first();
  await suggestion.waitFor();
  const title = await suggestion.innerText();
  assert.match(title, /Xuất khẩu/);
  await suggestion.click();
  assert.equal(await page.locator('h1').innerText(), title);
  await page.close();
});

test('searching without JavaScript shows highlighted results', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base);
  await page.locator('#site-q').fill('nong san');
  await page.locator('.site-search button').click();
  assert.equal(new URL(page.url()).pathname, '/tim-kiem');
  const marked = await page.locator('.results mark').allInnerTexts();
  assert.ok(marked.some((m) => m.toLowerCase() === 'nông'), `highlighted: ${marked.join(', ')}`);
  await page.locator('.results .card-title a').first().click();
  assert.match(await page.locator('h1').innerText(), /nông sản/i);
  await context.close();
});

test('a reader finds a page of an old print issue and opens its PDF at that page', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(base);
  await page.locator('#site-q').fill('lam phat gia vang');
  await page.locator('#site-q').press('Enter');
  await page.getByRole('navigation', { name: 'Loại kết quả' }).getByRole('link', { name: /^Tạp chí in/ }).click();
  assert.equal(new URL(page.url()).searchParams.get('kind'), 'print');
  const hit = page.locator('.result-print').first();
  const link = hit.locator('.card-title a');
  assert.equal(await link.innerText(), 'Số 1 - 2008, trang 3');
  assert.match(await hit.locator('.excerpt').innerText(), /lạm phát lên cao/, 'the TCVN3 page reads as Unicode');
  assert.equal(await hit.locator('.excerpt mark').first().innerText(), 'lạm');
  const href = await link.getAttribute('href');
  assert.match(href, /\.pdf#page=3$/);
  const pdf = await page.request.get(new URL(href, base).toString());
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await hit.locator('a.kicker').click();
  assert.equal(new URL(page.url()).pathname, '/tap-chi-in/2008/so-1');
  await page.close();
});
