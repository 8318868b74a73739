// What a reader and a moderator click, in headless Chromium: the reader writes a comment,
// switches the captcha to the question in words, answers wrongly (and keeps every word typed),
// answers rightly and is told it waits for review; the moderator approves it in the newsroom;
// the comment then shows under the article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, skip, startSite } from './harness.mjs';

const PASSWORD = 'mật khẩu thử nghiệm';
const TEXT = 'Bài viết rất hay.\nTôi mong tòa soạn viết thêm về chủ đề này. 🙂';
let site;

before(async () => {
  if (skip) return;
  site = await startSite((dataDir) => {
    cli(dataDir, ['user', 'add', 'kd@toasoan.vn', '--role', 'moderator', '--name', 'Kiểm duyệt'], `${PASSWORD}\n`);
  });
});

after(async () => {
  await site?.stop();
});

const DAYS = ['chủ nhật', 'thứ hai', 'thứ ba', 'thứ tư', 'thứ năm', 'thứ sáu', 'thứ bảy'];
const OFFSETS = { 'Ngày mai': 1, 'Hôm qua': -1, 'Ngày kia': 2, 'Hôm kia': -2, 'Ba ngày nữa': 3 };

/// The answer to a question about days ("Hôm nay là thứ năm. Ngày kia là thứ mấy?"), as a
/// reader works it out; null for the other kinds of question.
function dayAnswer(label) {
  const [, today, offset] = label.match(/Câu hỏi bảo vệ: Hôm nay là (.+?)\. (.+?) là thứ mấy\?/u) ?? [];
  if (!today || !(offset in OFFSETS)) return null;
  return DAYS[(DAYS.indexOf(today) + OFFSETS[offset] + 7) % 7];
}

/// Asks for other questions until one about days comes (a quarter of them), and answers it.
async function answerAQuestion(page) {
  for (let tries = 0; tries < 40; tries += 1) {
    const answer = dayAnswer(await page.locator('label[for="c-captcha"]').textContent());
    if (answer) return answer;
    await page.getByRole('button', { name: 'Đổi câu hỏi khác' }).click();
  }
  throw new Error('no question about days in 40 tries');
}

test('a reader comments, a moderator approves, the comment appears', { skip }, async () => {
  const newest = await (await fetch(`${site.base}/api/v1/articles?limit=1`)).json();
  const url = `${site.base}${newest.items[0].url}`;
  const reader = await (await site.browser.newContext()).newPage();
  await reader.goto(url);
  await reader.getByLabel('Họ và tên').fill('Trần Thị Bạn Đọc');
  await reader.getByLabel('Email').fill('ban.doc@example.vn');
  await reader.getByLabel('Ý kiến của bạn').fill(TEXT);
  assert.equal(await reader.locator('#dem-ky-tu').textContent(), `${Array.from(TEXT).length}/3.000 ký tự`);
  await reader.getByRole('button', { name: 'Không xem được ảnh? Trả lời câu hỏi' }).click();
  assert.equal(await reader.getByLabel('Ý kiến của bạn').inputValue(), TEXT, 'switching keeps the text');

  await reader.waitForTimeout(3200); // a person takes longer than the form's minimum
  await reader.locator('#c-captcha').fill('99');
  await reader.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await reader.getByText('Mã bảo vệ chưa đúng').waitFor();
  assert.equal(await reader.getByLabel('Ý kiến của bạn').inputValue(), TEXT, 'a wrong answer loses nothing');
  assert.equal(await reader.getByLabel('Email').inputValue(), 'ban.doc@example.vn');

  const answer = await answerAQuestion(reader);
  assert.equal(await reader.getByLabel('Ý kiến của bạn').inputValue(), TEXT, 'new questions keep the text');
  await reader.waitForTimeout(3200);
  await reader.locator('#c-captcha').fill(answer);
  await reader.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await reader.getByText('Ý kiến của bạn đã được gửi và đang chờ duyệt').waitFor();

  const moderator = await (await site.browser.newContext()).newPage();
  await moderator.goto(`${site.base}/toa-soan/binh-luan`);
  await moderator.getByLabel('Thư điện tử').fill('kd@toasoan.vn');
  await moderator.getByLabel('Mật khẩu').fill(PASSWORD);
  await moderator.getByRole('button', { name: 'Đăng nhập' }).click();
  const row = moderator.locator('.comment-row', { hasText: 'Trần Thị Bạn Đọc' });
  await row.waitFor();
  await row.getByRole('button', { name: 'Duyệt' }).click();
  await moderator.waitForURL(/\/toa-soan\/binh-luan/);
  assert.equal(await moderator.locator('.comment-row', { hasText: 'Trần Thị Bạn Đọc' }).count(), 0, 'gone from pending');

  const later = await (await site.browser.newContext()).newPage();
  await later.goto(url);
  const shown = later.locator('.comment', { hasText: 'Trần Thị Bạn Đọc' });
  await shown.waitFor();
  assert.equal(await shown.locator('.comment-body').innerText(), TEXT);
  assert.match(await shown.locator('time').textContent(), /^\d{2}:\d{2}' \d{1,2}\/\d{1,2}\/\d{4}$/);
  assert.equal(await later.getByText('ban.doc@example.vn').count(), 0, 'the e-mail is never shown');
});
