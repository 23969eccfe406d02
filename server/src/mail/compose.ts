import type { Locale } from '../../../shared/locale.ts';

/** A mail's subject and bodies: plain text, and simple HTML without any remote resource. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The parts every Maillage mail is made of; each capability fills them in the member's language. */
export interface MailParts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The one button of the mail; its URL is also written out in full for text-only readers. */
  action?: { label: string; url: string };
  /** Shown after the button, in smaller type (why you got this mail, what to do if not you). */
  note?: string;
}

const signature: Record<Locale, string> = {
  fr: 'Maillage, le réseau des lieux partagés de Lozère',
  en: 'Maillage, the network of shared workplaces of Lozère',
};
const linkHint: Record<Locale, string> = {
  fr: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
  en: 'If the button does not work, copy this address into your browser:',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Lays out a mail in text and HTML; large type and one clear button, for every reader. */
export function composeMail(locale: Locale, parts: MailParts): MailContent {
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(parts.action ? [`${parts.action.label}${locale === 'fr' ? ' :' : ':'}`, parts.action.url, ''] : []),
    ...(parts.note ? [parts.note, ''] : []),
    '-- ',
    signature[locale],
  ].join('\n');

  const p = (s: string, style = '') => `<p style="margin:0 0 16px 0;${style}">${escapeHtml(s)}</p>`;
  const action = parts.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;background:#1d5c4a;color:#ffffff;padding:14px 24px;border-radius:6px;text-decoration:none;font-weight:bold;font-size:18px">${escapeHtml(parts.action.label)}</a></p>` +
      p(linkHint[locale], 'font-size:14px;color:#444') +
      `<p style="margin:0 0 16px 0;font-size:14px;word-break:break-all"><a href="${escapeHtml(parts.action.url)}" style="color:#1d5c4a">${escapeHtml(parts.action.url)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(parts.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f4ef;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:18px;line-height:1.5;color:#1a1a1a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">
${p(parts.greeting)}
${parts.paragraphs.map((x) => p(x)).join('\n')}
${action}
${parts.note ? p(parts.note, 'font-size:14px;color:#444') : ''}
<p style="margin:24px 0 0 0;font-size:14px;color:#666">${escapeHtml(signature[locale])}</p>
</div></body></html>`;
  return { subject: parts.subject, text, html };
}
