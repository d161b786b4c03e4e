// node:crypto's incremental SHA-256 for common/pack's HasherFactory: several times faster than pure JS.
import { createHash } from 'node:crypto';
import type { HasherFactory } from '../../common/pack/stream.ts';

export const nodeHasherFactory: HasherFactory = () => {
  const h = createHash('sha256');
  return {
    update: (b) => void h.update(b),
    digestHex: () => h.digest('hex'),
  };
};
