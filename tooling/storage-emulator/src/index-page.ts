import type { StoredObject } from './object-store.ts';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** The index page: every stored object with its size, type and a download link. */
export function renderIndex(objects: readonly StoredObject[]): string {
  const rows = [...objects]
    .sort((a, b) => b.updated.getTime() - a.updated.getTime())
    .map((o) => {
      const href = `/storage/v1/b/${encodeURIComponent(o.bucket)}/o/${encodeURIComponent(o.name)}?alt=media`;
      return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(o.name)}</a></td><td>${escapeHtml(o.bucket)}</td><td>${escapeHtml(o.contentType)}</td><td>${o.bytes.length}</td><td>${escapeHtml(o.updated.toISOString())}</td></tr>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cloud Storage stand-in</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #eee;padding:2px 6px;text-align:left}</style>
</head><body><h1>Cloud Storage stand-in</h1>
<p>${objects.length} object(s). Local development only: what firebase-admin's storage wrote.</p>
<table><tr><th>name</th><th>bucket</th><th>type</th><th>bytes</th><th>updated</th></tr>${rows}</table>
</body></html>`;
}
