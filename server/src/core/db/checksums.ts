// Checksums the way the frameworks store them, to tell an applied migration whose file
// changed since it ran.
import { createHash } from 'node:crypto';

/**
 * Flyway's checksum of a SQL migration (flyway-core, ChecksumCalculator
 * .calculateChecksumForResource): CRC-32 fed each line without its terminator (Java's
 * BufferedReader.readLine splits at \n, \r\n and \r), the first line without its BOM,
 * as UTF-8, stored as a signed 32-bit integer. Concatenating the lines is the same as
 * dropping every CR and LF, so line endings never change it.
 */
export function flywayChecksum(text: string): number {
  return crc32(Buffer.from(text.replace(/^\uFEFF/, '').replace(/[\r\n]/g, ''), 'utf8')) | 0;
}

/** Prisma's checksum of migration.sql: SHA-256 of the file, lowercase hex. */
export function prismaChecksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Whether a Prisma checksum still matches the file. Prisma accepts the file with its line
 * endings turned either way (git may have converted them), so a checkout on Windows is not a change.
 */
export function prismaChecksumMatches(text: string, checksum: string): boolean {
  const lf = text.replace(/\r\n/g, '\n');
  return [text, lf, lf.replace(/\n/g, '\r\n')].some((t) => prismaChecksum(t) === checksum.toLowerCase());
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** IEEE CRC-32, as java.util.zip.CRC32 (zlib's crc32 needs Node 20.15). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
