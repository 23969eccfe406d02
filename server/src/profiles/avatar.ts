import sharp from 'sharp';
import { ProfileLimits } from '../../../shared/profiles.schema.ts';
import { Errors } from '../errors.ts';

const formatOf: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * A square WebP of the uploaded image, without its metadata (EXIF, GPS, ICC): the image must
 * decode and be of the type declared.
 */
export async function makeAvatar(body: Buffer, contentType: string): Promise<Buffer> {
  const declared = formatOf[contentType.split(';')[0]!.trim().toLowerCase()];
  let format: string | undefined;
  try {
    const meta = await sharp(body, { limitInputPixels: 40_000_000 }).metadata();
    format = meta.format;
  } catch {
    throw Errors.validation([{ path: '', message: 'This file is not a readable image.' }]);
  }
  if (!declared || format !== declared) throw Errors.validation([{ path: '', message: `The image is ${format ?? 'unknown'}, not ${contentType}.` }]);
  const size = ProfileLimits.avatarSize;
  // rotate() applies the EXIF orientation before the metadata is dropped (sharp keeps none by default).
  return sharp(body, { limitInputPixels: 40_000_000 }).rotate().resize(size, size, { fit: 'cover', position: 'attention' }).webp({ quality: 80 }).toBuffer();
}
