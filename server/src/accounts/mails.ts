import type { Locale } from '../../../shared/locale.ts';
import { composeMail, type MailContent } from '../mail/compose.ts';

// The mails of the accounts capability, in French and English. Links point to pages of the
// web app (web/src/accounts), which call the API with the token.

export const linkPaths = {
  verifyEmail: '/verify-email/',
  resetPassword: '/reset-password/',
  loginLink: '/login-link/',
  changeEmail: '/email-change/',
  invitation: '/invitation/',
} as const;

export function linkUrl(publicUrl: string, kind: keyof typeof linkPaths, token: string): string {
  return `${publicUrl}${linkPaths[kind]}${token}`;
}

const hello = (locale: Locale, name: string | null) =>
  locale === 'fr' ? (name ? `Bonjour ${name},` : 'Bonjour,') : name ? `Hello ${name},` : 'Hello,';

export function verifyEmailMail(locale: Locale, name: string, url: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: 'Confirmez votre adresse e-mail pour Maillage',
        greeting: hello(locale, name),
        paragraphs: ['Bienvenue sur Maillage. Pour confirmer que cette adresse est bien la vôtre, ouvrez le lien ci-dessous.'],
        action: { label: 'Confirmer mon adresse', url },
        note: "Ce lien est valable 48 heures. Si vous n'avez pas créé de compte, ignorez ce message.",
      })
    : composeMail(locale, {
        subject: 'Confirm your e-mail address for Maillage',
        greeting: hello(locale, name),
        paragraphs: ['Welcome to Maillage. To confirm that this address is yours, open the link below.'],
        action: { label: 'Confirm my address', url },
        note: 'This link works for 48 hours. If you did not create an account, ignore this message.',
      });
}

export function resetPasswordMail(locale: Locale, name: string, url: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: 'Choisir un nouveau mot de passe Maillage',
        greeting: hello(locale, name),
        paragraphs: [
          'Quelqu’un (sans doute vous) a demandé à changer le mot de passe de votre compte Maillage.',
          'Ouvrez le lien ci-dessous pour en choisir un nouveau. Vos autres connexions seront fermées.',
        ],
        action: { label: 'Choisir un nouveau mot de passe', url },
        note: "Ce lien ne sert qu'une fois et est valable une heure. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
      })
    : composeMail(locale, {
        subject: 'Choose a new Maillage password',
        greeting: hello(locale, name),
        paragraphs: [
          'Someone (probably you) asked to change the password of your Maillage account.',
          'Open the link below to choose a new one. Your other sessions will be logged out.',
        ],
        action: { label: 'Choose a new password', url },
        note: 'This link works once and for one hour. If you did not ask for it, ignore this message: your password stays the same.',
      });
}

export function loginLinkMail(locale: Locale, name: string, url: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: 'Votre lien de connexion à Maillage',
        greeting: hello(locale, name),
        paragraphs: ['Pour vous connecter à Maillage sans mot de passe, ouvrez le lien ci-dessous.'],
        action: { label: 'Me connecter', url },
        note: "Ce lien ne sert qu'une fois et est valable 15 minutes. Si vous n'avez rien demandé, ignorez ce message.",
      })
    : composeMail(locale, {
        subject: 'Your Maillage log-in link',
        greeting: hello(locale, name),
        paragraphs: ['To log in to Maillage without a password, open the link below.'],
        action: { label: 'Log me in', url },
        note: 'This link works once and for 15 minutes. If you did not ask for it, ignore this message.',
      });
}

export function changeEmailConfirmMail(locale: Locale, name: string, url: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: 'Confirmez votre nouvelle adresse e-mail Maillage',
        greeting: hello(locale, name),
        paragraphs: ['Vous avez demandé à utiliser cette adresse pour votre compte Maillage. Confirmez-la avec le lien ci-dessous.'],
        action: { label: 'Confirmer la nouvelle adresse', url },
        note: "Ce lien est valable 24 heures. Tant qu'il n'est pas ouvert, votre ancienne adresse reste celle du compte.",
      })
    : composeMail(locale, {
        subject: 'Confirm your new Maillage e-mail address',
        greeting: hello(locale, name),
        paragraphs: ['You asked to use this address for your Maillage account. Confirm it with the link below.'],
        action: { label: 'Confirm the new address', url },
        note: 'This link works for 24 hours. Until it is opened, your old address stays the one of the account.',
      });
}

export function emailChangedNoticeMail(locale: Locale, name: string, newEmail: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: 'L’adresse e-mail de votre compte Maillage a changé',
        greeting: hello(locale, name),
        paragraphs: [
          `L'adresse de votre compte Maillage est désormais ${newEmail}. Les prochains messages y seront envoyés.`,
          "Si vous n'êtes pas à l'origine de ce changement, répondez à ce message ou contactez un administrateur du réseau au plus vite.",
        ],
      })
    : composeMail(locale, {
        subject: 'The e-mail address of your Maillage account changed',
        greeting: hello(locale, name),
        paragraphs: [
          `Your Maillage account now uses ${newEmail}. Future messages will go there.`,
          'If you did not make this change, reply to this message or contact an administrator of the network at once.',
        ],
      });
}

export function invitationMail(locale: Locale, inviter: string, place: string | null, url: string): MailContent {
  return locale === 'fr'
    ? composeMail(locale, {
        subject: `${inviter} vous invite sur Maillage`,
        greeting: hello(locale, null),
        paragraphs: [
          place
            ? `${inviter} vous invite à rejoindre Maillage, le réseau des lieux partagés de Lozère, et le lieu « ${place} ».`
            : `${inviter} vous invite à rejoindre Maillage, le réseau des lieux partagés de Lozère.`,
          'Maillage relie les tiers-lieux, maisons de services et espaces de travail du territoire : salles de travail en ligne, échanges de savoir-faire, réunions à distance et animations.',
        ],
        action: { label: 'Créer mon compte', url },
        note: "Cette invitation est valable 14 jours. Si vous ne connaissez pas cette personne, ignorez ce message.",
      })
    : composeMail(locale, {
        subject: `${inviter} invites you to Maillage`,
        greeting: hello(locale, null),
        paragraphs: [
          place
            ? `${inviter} invites you to join Maillage, the network of shared workplaces of Lozère, and the place “${place}”.`
            : `${inviter} invites you to join Maillage, the network of shared workplaces of Lozère.`,
          'Maillage links the coworking spaces, public service houses and workplaces of the territory: online work rooms, skill exchange, remote meetings and events.',
        ],
        action: { label: 'Create my account', url },
        note: 'This invitation works for 14 days. If you do not know this person, ignore this message.',
      });
}
