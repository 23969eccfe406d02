import { Limits } from '../../../shared/limits.ts';

/** A short human name for a browser, from its User-Agent ("Firefox on Android"). */
export function describeDevice(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').slice(0, Limits.userAgentMax);
  const browser =
    /Edg\//.test(ua) ? 'Edge'
    : /OPR\//.test(ua) ? 'Opera'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : '';
  const os =
    /Android/.test(ua) ? 'Android'
    : /iPhone|iPad/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS'
    : /Linux/.test(ua) ? 'Linux'
    : '';
  if (browser && os) return `${browser} · ${os}`;
  return browser || os || ua.slice(0, 60) || '?';
}
