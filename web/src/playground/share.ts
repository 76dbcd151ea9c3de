// The share link: the scenario text in the URL's fragment, deflated (CompressionStream's
// "deflate-raw") and base64url-encoded, so that the link works with no server — the fragment never
// leaves the browser. "#toml=…" holds the text; "&name=…" the scenario's name.

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export interface Shared {
  name: string;
  text: string;
}

// "toml=…&name=…", for after the '#'.
export async function encodeShare(shared: Shared): Promise<string> {
  const packed = await through(new TextEncoder().encode(shared.text), new CompressionStream('deflate-raw'));
  return `toml=${toBase64Url(packed)}&name=${encodeURIComponent(shared.name)}`;
}

// The fragment (with or without its '#') back into the text, or null when it carries none.
export async function decodeShare(fragment: string): Promise<Shared | null> {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const packed = params.get('toml');
  if (!packed) return null;
  const bytes = await through(fromBase64Url(packed), new DecompressionStream('deflate-raw'));
  return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), name: params.get('name') || 'playground' };
}
