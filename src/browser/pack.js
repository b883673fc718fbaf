// Raw DEFLATE by the browser's own CompressionStream and DecompressionStream,
// for share links and the maps carried in exported pictures: the wasm then
// carries no DEFLATE code. Same format as before, so every link and picture
// made by an earlier Takt still opens.

/** `text` (UTF-8) deflated, as bytes. */
export async function deflate(text) {
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(packed).arrayBuffer());
}

/**
 * `bytes` (raw DEFLATE) inflated, at most `limit` bytes of them: rejects with a
 * RangeError past the limit (nothing more is unpacked) and with a TypeError when
 * the data is not DEFLATE or is cut short.
 */
export async function inflate(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError("more than the limit");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
