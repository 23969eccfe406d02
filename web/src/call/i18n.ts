import { translator } from '../i18n/i18n.ts';

/**
 * Strings of the call widget, French first. Kept beside the widget so the call can be
 * reused by meetings and events without touching the app's dictionaries.
 */
const fr = {
  'call.title': 'Appel vidéo',
  'call.join': 'Rejoindre l’appel',
  'call.joining': 'Connexion à l’appel…',
  'call.leave': 'Quitter l’appel',
  'call.left': 'Vous avez quitté l’appel.',
  'call.removed': 'Vous avez été retiré de l’appel.',
  'call.disconnected': 'L’appel a été interrompu.',
  'call.reconnecting': 'Reconnexion à l’appel…',
  'call.error': 'Impossible de rejoindre l’appel : {message}',
  'call.mic.on': 'Couper le micro',
  'call.mic.off': 'Activer le micro',
  'call.cam.on': 'Couper la caméra',
  'call.cam.off': 'Activer la caméra',
  'call.screen.on': 'Arrêter le partage d’écran',
  'call.screen.off': 'Partager l’écran',
  'call.screen.error': 'Le partage d’écran a échoué.',
  'call.devices': 'Appareils',
  'call.device.mic': 'Micro',
  'call.device.cam': 'Caméra',
  'call.device.speaker': 'Haut-parleur',
  'call.mode': 'Qualité de l’appel',
  'call.mode.normal': 'Normale',
  'call.mode.low': 'Connexion faible (vidéo réduite)',
  'call.mode.audio': 'Audio seulement',
  'call.mode.hint': 'Sur une connexion faible, « audio seulement » n’envoie ni ne reçoit de vidéo.',
  'call.you': '{name} (vous)',
  'call.speaking': 'parle',
  'call.muted': 'micro coupé',
  'call.noVideo': 'Pas de vidéo',
  'call.participants': '{count} personne(s) dans l’appel',
  'call.playAudio': 'Activer le son de l’appel',
  'call.unavailable.not_configured': 'La vidéo n’est pas disponible : aucun serveur vidéo n’est configuré.',
  'call.unavailable.unreachable': 'La vidéo n’est pas disponible : le serveur vidéo ne répond pas.',
  'call.unavailable.other': 'La vidéo n’est pas disponible pour le moment.',
  'call.unavailable.rest': 'Le chat, la présence et le sprint continuent de fonctionner.',
};

type Key = keyof typeof fr;

const en: Record<Key, string> = {
  'call.title': 'Video call',
  'call.join': 'Join the call',
  'call.joining': 'Joining the call…',
  'call.leave': 'Leave the call',
  'call.left': 'You left the call.',
  'call.removed': 'You were removed from the call.',
  'call.disconnected': 'The call was interrupted.',
  'call.reconnecting': 'Reconnecting to the call…',
  'call.error': 'Could not join the call: {message}',
  'call.mic.on': 'Mute microphone',
  'call.mic.off': 'Unmute microphone',
  'call.cam.on': 'Turn camera off',
  'call.cam.off': 'Turn camera on',
  'call.screen.on': 'Stop sharing the screen',
  'call.screen.off': 'Share the screen',
  'call.screen.error': 'Screen sharing failed.',
  'call.devices': 'Devices',
  'call.device.mic': 'Microphone',
  'call.device.cam': 'Camera',
  'call.device.speaker': 'Speaker',
  'call.mode': 'Call quality',
  'call.mode.normal': 'Normal',
  'call.mode.low': 'Poor connection (reduced video)',
  'call.mode.audio': 'Audio only',
  'call.mode.hint': 'On a poor connection, “audio only” neither sends nor receives video.',
  'call.you': '{name} (you)',
  'call.speaking': 'speaking',
  'call.muted': 'muted',
  'call.noVideo': 'No video',
  'call.participants': '{count} person(s) in the call',
  'call.playAudio': 'Turn on the call’s sound',
  'call.unavailable.not_configured': 'Video is not available: no video server is configured.',
  'call.unavailable.unreachable': 'Video is not available: the video server does not answer.',
  'call.unavailable.other': 'Video is not available at the moment.',
  'call.unavailable.rest': 'Chat, presence and the sprint keep working.',
};

export type CallKey = Key;


export const ct = translator(fr, en);
