// What the newsroom's Chromium tests share: a site with a writer and an editor-in-chief, logging
// in, and a picture to upload.
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { cli, startSite } from './harness.mjs';

export const PASSWORD = 'mật khẩu thử nghiệm';

/// A fresh site with a writer (pv@) and an editor-in-chief (tbt@).
export function startNewsroom() {
  return startSite((dataDir) => {
    cli(dataDir, ['user', 'add', 'pv@toasoan.vn', '--role', 'writer', '--name', 'Phóng viên Một'], `${PASSWORD}\n`);
    cli(dataDir, ['user', 'add', 'tbt@toasoan.vn', '--role', 'editor-in-chief', '--name', 'Tổng biên tập'], `${PASSWORD}\n`);
  });
}

/// A new browser context logged in as `email`, on the dashboard.
export async function logIn(site, email) {
  const page = await (await site.browser.newContext()).newPage();
  await page.goto(`${site.base}/toa-soan/`);
  assert.match(page.url(), /\/toa-soan\/dang-nhap\?next=/, 'anonymous → login page');
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${site.base}/toa-soan/`);
  return page;
}

/// A width × height RGB PNG, as a camera would not make it but a browser reads it.
export function png(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([x % 256, y % 256, 120], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
