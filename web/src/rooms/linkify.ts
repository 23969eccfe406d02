/** A piece of a chat message: plain text, or an http(s) link. */
export type TextPart = { text: string; href?: string };

// Stops at spaces and at the punctuation that usually closes a sentence around a link.
const urlPattern = /https?:\/\/[^\s<>"'`]+/gi;

/**
 * Splits plain text into text and http(s) links, never parsing it as HTML: the page renders
 * each part with text bindings, so a message can never inject markup or another scheme.
 */
export function linkify(body: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of body.matchAll(urlPattern)) {
    let raw = m[0];
    // Trailing punctuation belongs to the sentence, not the link.
    const trimmed = raw.replace(/[.,;:!?)\]}»]+$/, '');
    raw = trimmed;
    const start = m.index ?? 0;
    let href: string | undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') href = url.href;
    } catch {
      href = undefined;
    }
    if (!href) continue;
    if (start > last) parts.push({ text: body.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}
