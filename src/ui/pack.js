// Raw DEFLATE by the browser's own CompressionStream, for share links and the
// maps carried in exported pictures: the wasm then needs only the (small)
// inflater to read them, not a compressor. Same format as before, so every
// link and picture made by an earlier Takt still opens.

/** `text` (UTF-8) deflated, as bytes. */
export async function deflate(text) {
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(packed).arrayBuffer());
}
