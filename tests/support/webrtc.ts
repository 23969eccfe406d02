import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * WebRTC statistics read in the page through the standard RTCPeerConnection API, for tests.
 * An init script keeps a list of the page's peer connections (the app does not expose any
 * of its own), and `mediaSnapshot` sums their RTP streams.
 */

/** Installs, before any page script runs, a record of every RTCPeerConnection the page creates. */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __testPeerConnections: RTCPeerConnection[] };
    w.__testPeerConnections = [];
    const Original = window.RTCPeerConnection;
    class Recorded extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        w.__testPeerConnections.push(this);
      }
    }
    Object.defineProperty(window, 'RTCPeerConnection', { value: Recorded, writable: true, configurable: true });
  });
}

export interface MediaSnapshot {
  /** performance.now() in the page when read (ms). */
  t: number;
  /** Live (not closed) peer connections. */
  connections: number;
  inVideo: { bytes: number; framesDecoded: number; frameWidth: number; frameHeight: number; streams: number };
  inAudio: { bytes: number; totalAudioEnergy: number; streams: number };
  out: { bytes: number; videoBytes: number; audioBytes: number; videoStreams: number };
}

/** Sums the RTP streams of every live peer connection of the page. */
export function mediaSnapshot(page: Page): Promise<MediaSnapshot> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __testPeerConnections?: RTCPeerConnection[] }).__testPeerConnections ?? [];
    const s = {
      t: performance.now(),
      connections: 0,
      inVideo: { bytes: 0, framesDecoded: 0, frameWidth: 0, frameHeight: 0, streams: 0 },
      inAudio: { bytes: 0, totalAudioEnergy: 0, streams: 0 },
      out: { bytes: 0, videoBytes: 0, audioBytes: 0, videoStreams: 0 },
    };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      s.connections++;
      const report = await pc.getStats();
      report.forEach((r: any) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          s.inVideo.bytes += r.bytesReceived ?? 0;
          s.inVideo.framesDecoded += r.framesDecoded ?? 0;
          s.inVideo.frameWidth = Math.max(s.inVideo.frameWidth, r.frameWidth ?? 0);
          s.inVideo.frameHeight = Math.max(s.inVideo.frameHeight, r.frameHeight ?? 0);
          s.inVideo.streams++;
        } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          s.inAudio.bytes += r.bytesReceived ?? 0;
          s.inAudio.totalAudioEnergy += r.totalAudioEnergy ?? 0;
          s.inAudio.streams++;
        } else if (r.type === 'outbound-rtp') {
          // Every RTP stream sent, simulcast layers included, headers excluded.
          const bytes = r.bytesSent ?? 0;
          s.out.bytes += bytes;
          if (r.kind === 'video') {
            s.out.videoBytes += bytes;
            s.out.videoStreams++;
          } else s.out.audioBytes += bytes;
        }
      });
    }
    return s;
  });
}

export interface MediaRates {
  seconds: number;
  /** kbit/s */
  inVideoKbps: number;
  inAudioKbps: number;
  outKbps: number;
  outVideoKbps: number;
  outAudioKbps: number;
  framesDecoded: number;
  audioEnergy: number;
  frameWidth: number;
  frameHeight: number;
}

export function rates(a: MediaSnapshot, b: MediaSnapshot): MediaRates {
  const seconds = (b.t - a.t) / 1000;
  const kbps = (x: number, y: number) => ((y - x) * 8) / seconds / 1000;
  return {
    seconds,
    inVideoKbps: kbps(a.inVideo.bytes, b.inVideo.bytes),
    inAudioKbps: kbps(a.inAudio.bytes, b.inAudio.bytes),
    outKbps: kbps(a.out.bytes, b.out.bytes),
    outVideoKbps: kbps(a.out.videoBytes, b.out.videoBytes),
    outAudioKbps: kbps(a.out.audioBytes, b.out.audioBytes),
    framesDecoded: b.inVideo.framesDecoded - a.inVideo.framesDecoded,
    audioEnergy: b.inAudio.totalAudioEnergy - a.inAudio.totalAudioEnergy,
    frameWidth: b.inVideo.frameWidth,
    frameHeight: b.inVideo.frameHeight,
  };
}

/** Rates over `ms` milliseconds, measured on several pages over the same window. */
export async function measure(pages: Page[], ms: number): Promise<MediaRates[]> {
  const before = await Promise.all(pages.map(mediaSnapshot));
  await new Promise((r) => setTimeout(r, ms));
  const after = await Promise.all(pages.map(mediaSnapshot));
  return pages.map((_, i) => rates(before[i]!, after[i]!));
}

/** Frames played by the page's <video> elements showing a remote participant, deep in shadow roots. */
export function remoteVideoFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const out: number[] = [];
    const visit = (root: Document | ShadowRoot) => {
      root.querySelectorAll('*').forEach((el) => {
        if (el.tagName === 'CALL-TILE' && !el.hasAttribute('local')) {
          const v = el.shadowRoot?.querySelector('video');
          if (v && v.srcObject) out.push(v.getVideoPlaybackQuality().totalVideoFrames);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      });
    };
    visit(document);
    return out;
  });
}

/** Each outbound video layer, for diagnosing what a publisher really sends. */
export function outboundLayers(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __testPeerConnections?: RTCPeerConnection[] }).__testPeerConnections ?? [];
    const out: Array<Record<string, unknown>> = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((r: any) => {
        if (r.type === 'outbound-rtp' && r.kind === 'video') {
          out.push({
            rid: r.rid,
            size: `${r.frameWidth}x${r.frameHeight}`,
            fps: r.framesPerSecond,
            target: r.targetBitrate,
            limit: r.qualityLimitationReason,
            active: r.active,
            bytes: r.bytesSent,
          });
        }
        if (r.type === 'candidate-pair' && r.nominated) out.push({ pair: r.state, availableOut: r.availableOutgoingBitrate });
      });
    }
    return out;
  });
}

/**
 * Writes a Y4M clip for Chromium's fake camera (`--use-file-for-fake-video-capture`) whose
 * every frame differs in every block, like a camera filming something busy: an encoder then
 * spends its whole target bitrate, where the default fake picture (a flat green) needs almost
 * none. Deterministic, so every run sends the same thing.
 */
export function writeBusyVideo(file: string, opts: { width?: number; height?: number; fps?: number; frames?: number } = {}): void {
  const { width = 640, height = 360, fps = 15, frames = 30 } = opts;
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameTag = Buffer.from('FRAME\n');
  const chunks: Buffer[] = [header];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(ySize);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        // A moving gradient with noise on top.
        y[row * width + col] = ((col + row + f * 8) & 0xff) / 2 + 32 + (rand() & 0x3f);
      }
    }
    const u = Buffer.alloc(cSize);
    const v = Buffer.alloc(cSize);
    for (let i = 0; i < cSize; i++) {
      u[i] = 96 + ((i + f * 4) & 0x3f);
      v[i] = 96 + ((i + f * 16) & 0x3f);
    }
    chunks.push(frameTag, y, u, v);
  }
  writeFileSync(file, Buffer.concat(chunks));
}
