// What the newsroom clicks, in headless Chromium: a writer writes (with a paragraph pasted from
// Word) and submits; the editor-in-chief approves and schedules; the article goes live by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skip } from './harness.mjs';
import { PASSWORD, logIn as logInAs, png, startNewsroom } from './newsroom_lib.mjs';

let site;

before(async () => {
  if (skip) return;
  site = await startNewsroom();
});

after(async () => {
  await site?.stop();
});

const logIn = (email) => logInAs(site, email);

/// A time a few seconds ahead, as a `datetime-local` value in Vietnam time.
function vietnamTimeIn(seconds) {
  return new Date(Date.now() + 7 * 3600e3 + seconds * 1000).toISOString().slice(0, 19);
}

test('a writer submits, the chief schedules, the article goes live on time', { skip, timeout: 120_000 }, async () => {
  const writer = await logIn('pv@toasoan.vn');
  await writer.getByRole('link', { name: 'Viết bài mới' }).first().click();
  await writer.getByLabel('Tiêu đề', { exact: true }).fill('Nông dân Đồng Tháp trúng mùa lúa');
  await writer.getByLabel('Sa-pô', { exact: true }).fill('Vụ hè thu năm nay năng suất tăng.');
  await writer.getByLabel('Chuyên mục', { exact: true }).selectOption({ label: 'Kinh tế' });
  const body = writer.getByRole('textbox', { name: 'Nội dung bài viết' });
  await body.click();
  await writer.keyboard.type('Đoạn đầu do phóng viên gõ.');
  await writer.keyboard.press('Enter');
  await body.evaluate((area) => {
    const data = new DataTransfer();
    data.setData('text/html', '<html><head><style>p.MsoNormal{margin:0}</style></head><body>' +
      '<p class="MsoNormal" style="mso-line-height-alt:12pt">Đoạn <b>dán</b> từ Word<o:p></o:p></p></body></html>');
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await writer.getByRole('button', { name: 'Ảnh', exact: true }).click();
  await writer.getByLabel('Tệp ảnh').setInputFiles({ name: 'dong-lua.png', mimeType: 'image/png', buffer: png(800, 500) });
  await writer.getByLabel('Mô tả ảnh (bắt buộc)').fill('Cánh đồng lúa chín');
  await writer.getByLabel('Chú thích (cả tác giả ảnh)').fill('Lúa chín ở Tháp Mười');
  await writer.getByRole('button', { name: 'Chèn ảnh', exact: true }).click();
  await body.locator('figure img').waitFor();
  await writer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await writer.waitForURL(/\/toa-soan\/bai-viet\/\d+\?da-luu$/);
  assert.ok(await writer.getByText('Đã lưu.').isVisible());
  const editorUrl = writer.url().split('?')[0];

  const preview = await writer.context().newPage();
  await preview.goto(`${editorUrl}/xem-truoc`);
  const paragraphs = await preview.locator('.body p').allInnerTexts();
  assert.deepEqual(paragraphs.slice(0, 2), ['Đoạn đầu do phóng viên gõ.', 'Đoạn dán từ Word']);
  const pasted = await preview.locator('.body p').nth(1).innerHTML();
  assert.equal(pasted, 'Đoạn <b>dán</b> từ Word', 'Word markup is dropped, bold kept');
  const figure = preview.locator('.body figure');
  assert.equal(await figure.locator('figcaption').innerText(), 'Lúa chín ở Tháp Mười');
  assert.equal(await figure.locator('img').getAttribute('alt'), 'Cánh đồng lúa chín');
  assert.match(await figure.locator('img').getAttribute('srcset'), /^\/media\/\d+\/dong-lua-320\.jpg 320w, .*640w$/);
  assert.ok(await figure.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the image loads');

  await writer.getByRole('button', { name: 'Gửi duyệt' }).click();
  await writer.waitForURL(/da-chuyen/);
  assert.equal(await writer.locator('h1 .status').innerText(), 'Chờ duyệt');
  assert.equal(await writer.getByRole('button', { name: 'Xuất bản' }).count(), 0, 'a writer cannot publish');

  const chief = await logIn('tbt@toasoan.vn');
  await chief.getByRole('link', { name: 'Nông dân Đồng Tháp trúng mùa lúa' }).first().click();
  await chief.getByRole('button', { name: 'Duyệt' }).click();
  await chief.waitForURL(/da-chuyen/);
  const schedule = chief.locator('form.step', { has: chief.getByRole('button', { name: 'Lên lịch' }) });
  await schedule.locator('input[name=at]').evaluate((input, value) => { input.step = '1'; input.value = value; }, vietnamTimeIn(3));
  await schedule.getByLabel('Ghi chú').fill('Đăng sáng mai');
  await schedule.getByRole('button', { name: 'Lên lịch' }).click();
  await chief.waitForURL(/da-chuyen/);
  assert.equal(await chief.locator('h1 .status').innerText(), 'Lên lịch');

  // Public pages may be kept by the browser for a minute: each look is a new visitor.
  let reader;
  let live = false;
  for (let i = 0; i < 40 && !live; i++) {
    reader = await (await site.browser.newContext()).newPage();
    await reader.goto(`${site.base}/kinh-te`);
    live = (await reader.getByRole('link', { name: 'Nông dân Đồng Tháp trúng mùa lúa' }).count()) > 0;
    if (!live) await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(live, 'the scheduled article appears on its category page');
  await reader.getByRole('link', { name: 'Nông dân Đồng Tháp trúng mùa lúa' }).click();
  assert.equal(await reader.locator('h1').innerText(), 'Nông dân Đồng Tháp trúng mùa lúa');
});

test('a writer whose session ends mid-article loses nothing', { skip, timeout: 60_000 }, async () => {
  const writer = await logIn('pv@toasoan.vn');
  await writer.goto(`${site.base}/toa-soan/bai-viet/moi`);
  await writer.getByLabel('Tiêu đề', { exact: true }).fill('Bài viết dở khi hết phiên');
  await writer.getByRole('textbox', { name: 'Nội dung bài viết' }).click();
  await writer.keyboard.type('Câu chữ không được mất.');
  await writer.waitForFunction(() => (localStorage.getItem('toasoan-draft-0') || '').includes('không được mất'));
  await writer.context().clearCookies(); // the session is gone, as after it expires
  await writer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await writer.waitForURL(/\/toa-soan\/dang-nhap\?next=/);
  await writer.getByLabel('Thư điện tử').fill('pv@toasoan.vn');
  await writer.getByLabel('Mật khẩu').fill(PASSWORD);
  await writer.getByRole('button', { name: 'Đăng nhập' }).click();
  await writer.waitForURL(`${site.base}/toa-soan/bai-viet/moi`);
  assert.equal(await writer.getByLabel('Tiêu đề', { exact: true }).inputValue(), 'Bài viết dở khi hết phiên');
  assert.match(await writer.getByRole('textbox', { name: 'Nội dung bài viết' }).innerText(), /Câu chữ không được mất\./);
  assert.match(await writer.locator('[data-autosave-status]').innerText(), /Đã khôi phục nội dung chưa lưu/);
});

test('a clip from YouTube loads nothing from YouTube until the reader clicks', { skip, timeout: 60_000 }, async () => {
  const chief = await logIn('tbt@toasoan.vn');
  await chief.goto(`${site.base}/toa-soan/video`);
  await chief.getByLabel('Tiêu đề').fill('Bão số 3 đổ bộ Quảng Ninh');
  await chief.getByLabel('Thời lượng (phút:giây, ví dụ 4:05)').fill('4:05');
  await chief.getByLabel('Liên kết YouTube hoặc Vimeo (để trống nếu tải tệp lên)').fill('https://youtu.be/dQw4w9WgXcQ');
  await chief.locator('#poster').setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: png(640, 360) });
  await chief.getByRole('button', { name: 'Thêm video' }).click();
  await chief.waitForURL(/\/toa-soan\/video\/\d+$/);

  const reader = await (await site.browser.newContext()).newPage();
  const elsewhere = [];
  reader.on('request', (request) => {
    if (!request.url().startsWith(site.base) && !request.url().startsWith('data:')) elsewhere.push(request.url());
  });
  // The provider cannot be reached from here: answer its player ourselves once it is asked for.
  await reader.route(/youtube/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: 'player' }));
  await reader.goto(`${site.base}/video`);
  await reader.getByRole('link', { name: 'Bão số 3 đổ bộ Quảng Ninh' }).first().click();
  assert.match(new URL(reader.url()).pathname, /^\/video\/bao-so-3-do-bo-quang-ninh-\d+$/);
  await reader.waitForLoadState('networkidle');
  assert.deepEqual(elsewhere, [], 'the page loaded nothing from another site');
  assert.equal(await reader.locator('iframe').count(), 0);
  await reader.locator('.video-facade a').click();
  const frame = reader.locator('iframe.video-frame');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
  assert.ok(elsewhere.some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/')), 'the player loads after the click');
});

test('the newsroom fits a 360 px phone: no page scrolls sideways, lists are cards', { skip, timeout: 120_000 }, async () => {
  const context = await site.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${site.base}/toa-soan/dang-nhap`);
  await page.getByLabel('Thư điện tử').fill('tbt@toasoan.vn');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${site.base}/toa-soan/`);
  const pages = ['/toa-soan/', '/toa-soan/bai-viet', '/toa-soan/bai-viet?trang-thai=published', '/toa-soan/bai-viet/moi',
    '/toa-soan/thu-vien', '/toa-soan/binh-luan', '/toa-soan/tap-chi-in', '/toa-soan/video', '/toa-soan/chuyen-muc'];
  for (const path of pages) {
    const response = await page.goto(`${site.base}${path}`);
    assert.equal(response.status(), 200, path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width} px wide on a 360 px screen`);
  }
  await page.goto(`${site.base}/toa-soan/bai-viet?trang-thai=published`);
  const row = page.locator('table.rows tbody tr').first();
  const box = await row.boundingBox();
  assert.ok(box.width <= 360 && box.height > 60, `a list row is a card (${box.width}×${box.height})`);
  assert.equal(await page.locator('table.rows thead').isVisible(), false, 'no column headings on a phone');
  await page.goto(`${site.base}/toa-soan/bai-viet/1`);
  const save = page.getByRole('button', { name: 'Lưu', exact: true });
  const saveBox = await save.boundingBox();
  assert.ok(saveBox.height >= 44, `the save button is thumb-sized (${saveBox.height} px)`);
  await context.close();
});

test('Vietnamese typed through an input method, and pictures pasted and dropped into the body', { skip, timeout: 120_000 }, async () => {
  const writer = await logIn('pv@toasoan.vn');
  await writer.goto(`${site.base}/toa-soan/bai-viet/moi`);
  await writer.getByLabel('Tiêu đề', { exact: true }).fill('Bộ gõ Telex');
  await writer.getByLabel('Chuyên mục', { exact: true }).selectOption({ label: 'Kinh tế' });
  const body = writer.getByRole('textbox', { name: 'Nội dung bài viết' });
  await body.click();
  // What an input method does while "tieesng vieejt" is typed: a composition that changes as
  // each key comes, then the word committed (Chromium's own IME events, through DevTools).
  const devtools = await writer.context().newCDPSession(writer);
  const telex = [['t', 'ti', 'tie', 'tiê', 'tiês', 'tiến', 'tiếng'], ['v', 'vi', 'vie', 'viê', 'viêj', 'việt']];
  for (const steps of telex) {
    for (const text of steps.slice(0, -1)) {
      await devtools.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    }
    await devtools.send('Input.insertText', { text: steps.at(-1) });
    await writer.keyboard.type(' ');
  }
  await writer.keyboard.type('có dấu.');

  const picture = [...png(640, 360)];
  const offer = async (kind) => body.evaluate((area, { bytes, kind }) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], `${kind}.png`, { type: 'image/png' }));
    const event = kind === 'dan'
      ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
      : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
    area.dispatchEvent(event);
  }, { bytes: picture, kind });
  for (const [kind, alt] of [['dan', 'Ảnh dán vào'], ['tha', 'Ảnh thả vào']]) {
    await offer(kind);
    assert.match(await writer.locator('[data-image-status]').innerText(), new RegExp(`${kind}\\.png`), `${kind}: the panel has the file`);
    await writer.getByLabel('Mô tả ảnh (bắt buộc)').fill(alt);
    await writer.getByLabel('Chú thích (cả tác giả ảnh)').fill(`${alt} (chú thích)`);
    await writer.getByRole('button', { name: 'Chèn ảnh', exact: true }).click();
    await body.locator(`figure img[alt="${alt}"]`).waitFor();
  }
  await writer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await writer.waitForURL(/\/toa-soan\/bai-viet\/\d+\?da-luu$/);
  const blocks = JSON.parse(await writer.locator('[data-editor]').getAttribute('data-blocks'));
  const text = blocks.filter((b) => b.type === 'paragraph').map((b) => b.text).join(' ');
  assert.equal(text.trim(), 'tiếng việt có dấu.', 'every letter once, none lost or doubled');
  const figures = blocks.filter((b) => b.type === 'figure');
  assert.deepEqual(figures.map((f) => f.alt), ['Ảnh dán vào', 'Ảnh thả vào']);
  assert.ok(figures.every((f) => /^\/media\/\d+\//.test(f.image)), 'both uploaded to the library');
  const chosen = await writer.locator('input[name=featured_choice]:checked').getAttribute('value');
  assert.equal(chosen, figures[0].image, "the body's first picture is the article's picture");
});

test('two people on one article: the second is warned, an out-of-date save gets 409 and keeps both texts', { skip, timeout: 120_000 }, async () => {
  const writer = await logIn('pv@toasoan.vn');
  await writer.goto(`${site.base}/toa-soan/bai-viet/moi`);
  await writer.getByLabel('Tiêu đề', { exact: true }).fill('Bài hai người cùng sửa');
  await writer.getByLabel('Chuyên mục', { exact: true }).selectOption({ label: 'Kinh tế' });
  await writer.getByRole('textbox', { name: 'Nội dung bài viết' }).click();
  await writer.keyboard.type('Bản đầu tiên.');
  await writer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await writer.waitForURL(/\/toa-soan\/bai-viet\/\d+\?da-luu$/);
  const editorUrl = writer.url().split('?')[0];
  await writer.goto(editorUrl);

  const chief = await logIn('tbt@toasoan.vn');
  await chief.goto(editorUrl);
  assert.match(await chief.locator('[data-others-editing]').innerText(), /Phóng viên Một \(lúc \d\d:\d\d\) đang sửa bài này/);
  await chief.getByLabel('Tiêu đề', { exact: true }).fill('Bản của tổng biên tập');
  await chief.getByRole('button', { name: 'Lưu', exact: true }).click();
  await chief.waitForURL(/da-luu/);

  await writer.getByLabel('Tiêu đề', { exact: true }).fill('Bản của phóng viên');
  const [answer] = await Promise.all([
    writer.waitForResponse((r) => r.url() === editorUrl && r.request().method() === 'POST'),
    writer.getByRole('button', { name: 'Lưu', exact: true }).click(),
  ]);
  assert.equal(answer.status(), 409);
  const conflict = writer.locator('[data-conflict]');
  assert.match(await conflict.innerText(), /Bản Tổng biên tập đã lưu lúc/);
  assert.match(await conflict.locator('.conflict-theirs').innerText(), /Bản của tổng biên tập/);
  assert.match(await conflict.locator('.conflict-mine').innerText(), /Bản của phóng viên/);
  assert.equal(await writer.getByLabel('Tiêu đề', { exact: true }).inputValue(), 'Bản của phóng viên', 'the unsaved text stays in the form');
  await writer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await writer.waitForURL(/da-luu/);
  assert.equal(await writer.getByLabel('Tiêu đề', { exact: true }).inputValue(), 'Bản của phóng viên', 'saved after seeing both');
});

test("a click on the picture's subject sets its focal point, which the home page's crops keep", { skip, timeout: 120_000 }, async () => {
  const chief = await logIn('tbt@toasoan.vn');
  await chief.goto(`${site.base}/toa-soan/bai-viet/1`);
  const picture = chief.locator('[data-focus-image]');
  await picture.waitFor();
  await chief.waitForFunction(() => document.querySelector('[data-focus-image]').naturalWidth > 0);
  await picture.scrollIntoViewIfNeeded();
  const box = await picture.boundingBox();
  await chief.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
  assert.equal(await chief.locator('#featured_focus').inputValue(), '25,75');
  await chief.getByRole('button', { name: 'Lưu', exact: true }).click();
  await chief.waitForURL(/da-luu/);
  assert.equal(await chief.locator('#featured_focus').inputValue(), '25,75', 'kept when saved');
  const home = await (await fetch(`${site.base}/`)).text();
  assert.match(home, /class="focus-25-75"/, "the article's picture on home keeps its subject");
});
