/** A multipart/form-data body for `app.inject`, serialised by the platform's own FormData and Request. */
export async function multipart(
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type?: string },
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) {
    form.append(
      'file',
      new Blob([file.bytes.slice()], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type') ?? '' },
  };
}
