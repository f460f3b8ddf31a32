import type { verifyByCode } from './results.service.ts';

type Verified = Awaited<ReturnType<typeof verifyByCode>>;

const html = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function vnTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(iso));
}

/**
 * The public page at /verify/{code}: whether the result's signatures hold, who signed and when, and the
 * SHA-256 of the document, in Vietnamese, readable on a phone, no script.
 */
export function verificationPage(code: string, v: Verified | null): string {
  const body = !v
    ? `<p class="bad">Không tìm thấy kết quả có mã tra cứu <b>${html(code)}</b>. Vui lòng kiểm tra lại mã in trên văn bản.</p>`
    : `<p class="${v.valid ? 'ok' : 'bad'}">${
        v.valid
          ? 'Chữ ký số hợp lệ: văn bản không bị thay đổi sau khi ký.'
          : v.signatures.length === 0
            ? 'Văn bản chưa được ký số.'
            : 'Chữ ký số KHÔNG hợp lệ hoặc văn bản đã bị thay đổi sau khi ký.'
      }</p>
  <dl>
    <dt>Văn bản</dt><dd>${html(v.name)}${v.number ? ` (số ${html(v.number)})` : ''}</dd>
    <dt>Cơ quan ban hành</dt><dd>${html(v.issuedBy ?? '—')}</dd>
    <dt>Mã hồ sơ</dt><dd>${html(v.recordCode ?? '—')}</dd>
    <dt>Mã băm SHA-256</dt><dd class="hash">${html(v.sha256)}</dd>
  </dl>
  <h2>Chữ ký số (${v.signatures.length})</h2>
  <ol>${v.signatures
    .map(
      (
        s,
      ) => `<li><b>${html(s.signer)}</b><br>Ký lúc: ${html(vnTime(s.signedAt))}<br>Tổ chức cấp chứng thư: ${html(s.issuer)}<br>
      ${s.intact ? 'Nội dung khớp chữ ký' : 'Nội dung KHÔNG khớp chữ ký'} · ${s.trusted ? 'Chứng thư tin cậy' : 'Chứng thư không được tin cậy'}${
        s.coversWholeDocument ? ' · Bao trùm toàn bộ văn bản' : ''
      }</li>`,
    )
    .join('')}</ol>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kiểm tra kết quả ${html(code)} — Motcua</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
.ok{background:#e8f5e9;border-left:4px solid #2e7d32;padding:.75rem}.bad{background:#ffebee;border-left:4px solid #c62828;padding:.75rem}
dt{font-weight:600}dd{margin:0 0 .5rem}.hash{font-family:monospace;word-break:break-all}</style></head>
<body><h1>Kiểm tra kết quả giải quyết thủ tục hành chính</h1><p>Mã tra cứu: <b>${html(code)}</b></p>${body}</body></html>`;
}
