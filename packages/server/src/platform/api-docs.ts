/** A self-contained API reference page rendered from the OpenAPI document (no CDN: Pipewise runs offline). */
export function renderApiDocs(doc: {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, any>>;
}): string {
  const esc = (s: unknown) =>
    String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'Other';
      const params = (op.parameters ?? []).map((p: any) => `<code>${esc(p.name)}</code>`).join(' ');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const fields = body?.properties
        ? Object.keys(body.properties)
            .map((k) => `<code>${esc(k)}</code>`)
            .join(' ')
        : '';
      const codes = Object.keys(op.responses ?? {}).join(', ');
      const row = `<tr><td><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span></td><td><code>${esc(path)}</code><div class="s">${esc(op.summary ?? '')}</div></td><td>${params}${fields ? `<div>body: ${fields}</div>` : ''}</td><td>${esc(codes)}</td></tr>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  const sections = [...byTag.entries()]
    .map(
      ([tag, rows]) =>
        `<h2>${esc(tag)}</h2><table><tr><th>Method</th><th>Path</th><th>Parameters</th><th>Responses</th></tr>${rows.join('')}</table>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(doc.info?.title)} API</title><style>
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#0f172a;background:#f8fafc}main{max-width:1100px;margin:0 auto;padding:32px}
h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}table{width:100%;border-collapse:collapse;background:#fff}
td,th{border-bottom:1px solid #e2e8f0;padding:8px;text-align:left;vertical-align:top}.s{color:#475569}code{font-size:13px}
.m{font-weight:600;font-size:12px;padding:2px 6px;border-radius:4px;color:#fff}.get{background:#0284c7}.post{background:#16a34a}.patch{background:#d97706}.delete{background:#dc2626}
</style></head><body><main><h1>${esc(doc.info?.title)} API <small>${esc(doc.info?.version)}</small></h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Authenticate with the session cookie or <code>Authorization: Bearer pw_…</code>. Errors: <code>{ "error": { "code", "message", "details": { "field" } } }</code>.</p>
${sections}</main></body></html>`;
}
