import { LinkTtlMinutes } from '../../../shared/accounts.schema.ts';
import type { Locale } from '../../../shared/locale.ts';
import type { TransactionSql } from '../db/sql.ts';
import type { MailContent } from '../mail/compose.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { issueAccountToken, voidAccountTokens, type TokenPurpose } from './link-tokens.ts';
import { changeEmailConfirmMail, linkPaths, linkUrl, loginLinkMail, resetPasswordMail, verifyEmailMail } from './mails.ts';

/** Each kind of link: how long it lasts, the page it opens, and the mail that carries it. */
const links: Record<TokenPurpose, { ttlMinutes: number; page: keyof typeof linkPaths; mail: (locale: Locale, name: string, url: string) => MailContent }> = {
  verify_email: { ttlMinutes: LinkTtlMinutes.verifyEmail, page: 'verifyEmail', mail: verifyEmailMail },
  reset_password: { ttlMinutes: LinkTtlMinutes.resetPassword, page: 'resetPassword', mail: resetPasswordMail },
  login_link: { ttlMinutes: LinkTtlMinutes.loginLink, page: 'loginLink', mail: loginLinkMail },
  change_email: { ttlMinutes: LinkTtlMinutes.changeEmail, page: 'changeEmail', mail: changeEmailConfirmMail },
};

export interface LinkRecipient {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
}

/**
 * Queues a mail with a new single-use link of this purpose, in the member's language, in the
 * caller's transaction (no mail for a change that did not commit). `to` is the member's
 * address unless said (a new address to confirm); `voidOlder` makes this link the only one
 * that works.
 */
export async function queueLinkMail(
  tx: TransactionSql,
  publicUrl: string,
  purpose: TokenPurpose,
  user: LinkRecipient,
  opts: { to?: string; voidOlder?: boolean } = {},
): Promise<void> {
  const link = links[purpose];
  const to = opts.to ?? user.email;
  if (opts.voidOlder) await voidAccountTokens(tx, purpose, user.id);
  const token = await issueAccountToken(tx, purpose, user.id, to, link.ttlMinutes);
  await enqueueMail(tx, {
    to,
    toUserId: user.id,
    locale: user.locale,
    kind: `accounts.${purpose}`,
    content: link.mail(user.locale, user.displayName, linkUrl(publicUrl, link.page, token)),
  });
}
