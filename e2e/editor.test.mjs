// The visual editor, in headless Chromium, the way a journalist uses it: blocks made from the
// toolbar, shortcuts and typed markers, a link, undo and redo, paste from Word and Google Docs,
// Vietnamese through an input method, a picture pasted and one dropped; then published, and the
// article found with its picture on the home page, in RSS and in the article's JSON-LD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skip } from './harness.mjs';
import { logIn, png, startNewsroom } from './newsroom_lib.mjs';

let site;

before(async () => {
  if (skip) return;
  site = await startNewsroom();
});

after(async () => {
  await site?.stop();
});

const WORD = '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>' +
  '<p class=MsoNormal><span style=\'font-family:"Times New Roman"\'>Theo báo cáo của <b>Bộ Nông nghiệp</b>:<o:p></o:p></span></p>' +
  '<p class=MsoListParagraphCxSpFirst style=\'text-indent:-18.0pt;mso-list:l0 level1 lfo1\'><![if !supportLists]>' +
  '<span style=\'font-family:Symbol;mso-list:Ignore\'>·<span style=\'font:7.0pt "Times New Roman"\'>&nbsp;&nbsp; </span></span>' +
  '<![endif]>Xuất khẩu tăng<o:p></o:p></p>' +
  '<p class=MsoListParagraphCxSpLast style=\'text-indent:-18.0pt;mso-list:l0 level1 lfo1\'><![if !supportLists]>' +
  '<span style=\'font-family:Symbol;mso-list:Ignore\'>·<span>&nbsp; </span></span><![endif]>Giá ổn định<o:p></o:p></p>' +
  '</body></html>';
const GOOGLE_DOCS = '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c">' +
  '<h3 dir="ltr"><span style="font-size:13pt;font-weight:400">Ý kiến chuyên gia</span></h3>' +
  '<p dir="ltr"><span style="font-weight:700">Giá</span><span style="font-weight:400"> sẽ còn </span>' +
  '<span style="font-style:italic">tăng</span><span>.</span></p></b>';

async function paste(body, html) {
  await body.evaluate((area, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

async function offerPicture(body, kind) {
  await body.evaluate((area, { bytes, kind }) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], `${kind}.png`, { type: 'image/png' }));
    area.dispatchEvent(kind === 'dan'
      ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
      : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, { bytes: [...png(960, 540)], kind });
}

test('written in the visual editor, published, and found with its picture on home, in RSS and in JSON-LD', { skip, timeout: 180_000 }, async () => {
  const chief = await logIn(site, 'tbt@toasoan.vn');
  await chief.goto(`${site.base}/toa-soan/bai-viet/moi`);
  const title = 'Giá lúa tăng mạnh cuối năm';
  await chief.getByLabel('Tiêu đề', { exact: true }).fill(title);
  await chief.getByLabel('Sa-pô', { exact: true }).fill('Nông dân miền Tây phấn khởi.');
  await chief.getByLabel('Chuyên mục', { exact: true }).selectOption({ label: 'Kinh tế' });
  const body = chief.getByRole('textbox', { name: 'Nội dung bài viết' });
  await body.click();
  const keys = chief.keyboard;

  await keys.type('## Bối cảnh');
  await keys.press('Enter');
  await keys.type('Giá lúa ');
  await keys.press('Control+b');
  await keys.type('tăng mạnh');
  await keys.press('Control+b');
  await keys.type(' trong tuần. Xem bảng giá');
  for (let i = 0; i < 'bảng giá'.length; i++) await keys.press('Shift+ArrowLeft');
  chief.once('dialog', (dialog) => dialog.accept('https://example.vn/bang-gia'));
  await chief.getByRole('button', { name: 'Liên kết', exact: true }).click();
  await keys.press('End');
  await keys.press('Enter');
  await chief.getByRole('button', { name: 'Danh sách', exact: true }).click();
  await keys.type('Đồng Tháp');
  await keys.press('Enter');
  await keys.type('An Giang');
  await keys.press('Enter');
  await keys.press('Enter');
  await keys.type('> Nông dân phấn khởi.');
  await keys.press('Enter');

  // Undo takes back what was typed last, redo puts it back, undo again.
  await chief.waitForTimeout(700);
  await keys.type('Chữ gõ nhầm');
  assert.match(await body.innerText(), /Chữ gõ nhầm/);
  await keys.press('Control+z');
  assert.doesNotMatch(await body.innerText(), /Chữ gõ nhầm/, 'undone');
  await keys.press('Control+y');
  assert.match(await body.innerText(), /Chữ gõ nhầm/, 'redone');
  await chief.getByRole('button', { name: 'Hoàn tác' }).click();
  assert.doesNotMatch(await body.innerText(), /Chữ gõ nhầm/, 'undone from the toolbar');

  await paste(body, WORD);
  // The caret is in the pasted list's last item: Enter twice leaves the list, as anywhere.
  await keys.press('Enter');
  await keys.press('Enter');
  await paste(body, GOOGLE_DOCS);
  await keys.press('Enter');

  // "Người dân nói được" through Telex: compositions, then the committed word.
  await keys.type('Người dân nói ');
  const devtools = await chief.context().newCDPSession(chief);
  for (const text of ['d', 'dd', 'đ', 'đu', 'đươ', 'đươc']) {
    await devtools.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await devtools.send('Input.insertText', { text: 'được' });
  await keys.type('.');

  for (const [kind, alt] of [['dan', 'Cánh đồng lúa'], ['tha', 'Máy gặt đập']]) {
    await offerPicture(body, kind);
    await chief.getByLabel('Mô tả ảnh (bắt buộc)').fill(alt);
    await chief.getByLabel('Chú thích (cả tác giả ảnh)').fill(`${alt} ở Tháp Mười. Ảnh: Toà soạn`);
    await chief.getByRole('button', { name: 'Chèn ảnh', exact: true }).click();
    await body.locator(`figure img[alt="${alt}"]`).waitFor();
  }

  // The first picture again, from the library: its description and caption come with it.
  await chief.getByRole('button', { name: 'Ảnh', exact: true }).click();
  await chief.getByRole('button', { name: 'Chèn ảnh: Cánh đồng lúa' }).click();
  await body.locator('figure img[alt="Cánh đồng lúa"]').nth(1).waitFor();

  await chief.getByRole('button', { name: 'Lưu', exact: true }).click();
  await chief.waitForURL(/\/toa-soan\/bai-viet\/\d+\?da-luu$/);
  const blocks = JSON.parse(await chief.locator('[data-editor]').getAttribute('data-blocks'));
  const shape = blocks.map((b) => b.type === 'list' ? `${b.ordered ? 'ol' : 'ul'}:${b.items.join('|')}` : `${b.type}:${b.text ?? b.caption ?? ''}`);
  assert.deepEqual(shape, [
    'heading:Bối cảnh',
    'paragraph:Giá lúa tăng mạnh trong tuần. Xem bảng giá',
    'ul:Đồng Tháp|An Giang',
    'quote:Nông dân phấn khởi.',
    'paragraph:Theo báo cáo của Bộ Nông nghiệp:',
    'ul:Xuất khẩu tăng|Giá ổn định',
    'heading:Ý kiến chuyên gia',
    'paragraph:Giá sẽ còn tăng.',
    'paragraph:Người dân nói được.',
    'figure:Cánh đồng lúa ở Tháp Mười. Ảnh: Toà soạn',
    'figure:Máy gặt đập ở Tháp Mười. Ảnh: Toà soạn',
    'figure:Cánh đồng lúa ở Tháp Mười. Ảnh: Toà soạn',
  ]);
  assert.equal(blocks[11].image, blocks[9].image, 'the same picture, from the library');
  assert.equal(blocks[11].srcset, blocks[9].srcset);
  assert.equal(blocks[1].html, 'Giá lúa <b>tăng mạnh</b> trong tuần. Xem <a href="https://example.vn/bang-gia" rel="noopener noreferrer">bảng giá</a>');
  assert.equal(blocks[4].html, 'Theo báo cáo của <b>Bộ Nông nghiệp</b>:', "Word's fonts and spans are gone, bold kept");
  assert.equal(blocks[7].html, '<b>Giá</b> sẽ còn <i>tăng</i>.', "Google Docs' weights read as bold and plain");

  await chief.getByRole('button', { name: 'Xuất bản', exact: true }).click();
  await chief.waitForURL(/da-chuyen/);
  const picture = blocks[9].image;
  assert.match(picture, /^\/media\/\d+\/dan-\d+\.jpg$/);

  const home = await (await site.browser.newContext()).newPage();
  await home.goto(`${site.base}/`);
  const story = home.locator('article', { has: home.getByRole('link', { name: title }) }).first();
  assert.match(await story.locator('img').getAttribute('src'), /^\/media\/\d+\/dan-/, "home shows the article's picture");
  await story.locator('img').scrollIntoViewIfNeeded();
  await story.locator('img').evaluate((img) => img.decode());
  assert.ok(await story.locator('img').evaluate((img) => img.naturalWidth > 0), 'and it loads (lazily)');

  const rss = await (await fetch(`${site.base}/rss.xml`)).text();
  const item = rss.split('<item>').find((i) => i.includes(`<title>${title}</title>`));
  assert.ok(item, 'the article is in RSS');
  assert.match(item, /<media:content [^>]*url="http[^"]+\/media\/\d+\/dan-/);
  assert.match(item, /<enclosure url="http[^"]+\/media\/\d+\/dan-/);

  await home.getByRole('link', { name: title }).first().click();
  const jsonLd = JSON.parse(await home.locator('script[type="application/ld+json"]').first().textContent());
  const image = [jsonLd.image].flat().map((i) => (typeof i === 'string' ? i : i.url)).join(' ');
  assert.match(image, /\/media\/\d+\/dan-/, "JSON-LD's image is the article's picture");
  assert.equal(await home.locator('.body h2').first().innerText(), 'Bối cảnh');
  assert.equal(await home.locator('.body a[href="https://example.vn/bang-gia"]').innerText(), 'bảng giá');
  assert.equal(await home.locator('.body blockquote').innerText(), 'Nông dân phấn khởi.');
});
