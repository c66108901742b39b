// Checks a seal QR code with libraries nobody at SealService wrote: @auth0/cose verifies the tagged COSE_Sign1 (ES256)
// with the issuing certificate's public key, and the plain `cbor` decoder reads the CWT claims (RFC 8392).
// Usage: node verify-qr.mjs <QR URL or base32 token> <issuing-certificate.pem>
// Prints {"iss","sub","exp","iat","seal"} as JSON and exits 0; exits 1 with a message on stderr otherwise.
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { Algorithms, decode as decodeCose, Sign1 } from '@auth0/cose';
import cbor from 'cbor';

const [input, certificateFile] = process.argv.slice(2);
if (!input || !certificateFile) {
  console.error('usage: node verify-qr.mjs <QR URL or token> <issuing-certificate.pem>');
  process.exit(2);
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.toUpperCase().replace(/=+$/, '')) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

try {
  const token = input.includes('://') ? input.slice(input.toUpperCase().lastIndexOf('/V/') + 3) : input;
  const bytes = base32Decode(token);
  // A plain CBOR reader must see tag 18 (COSE_Sign1), so generic COSE tooling can tell what the bytes are.
  const outer = cbor.decodeFirstSync(Buffer.from(bytes));
  if (!(outer instanceof cbor.Tagged) || outer.tag !== 18) throw new Error('not a tagged COSE_Sign1 (CBOR tag 18)');
  const message = decodeCose(bytes, Sign1);
  const key = createPublicKey(readFileSync(certificateFile, 'utf8'));
  await message.verify(key, { algorithms: [Algorithms.ES256] });
  const claims = cbor.decodeFirstSync(Buffer.from(message.payload));
  if (!(claims instanceof Map)) throw new Error('the payload is not a CBOR map');
  const out = {
    iss: claims.get(1),
    sub: claims.get(2),
    exp: claims.get(4),
    iat: claims.get(6),
    seal: claims.get(-65537),
  };
  for (const name of ['sub', 'exp', 'iat']) {
    if (out[name] === undefined) throw new Error(`claim ${name} is missing`);
  }
  if (typeof out.exp !== 'number' || typeof out.iat !== 'number') throw new Error('exp and iat must be NumericDate');
  console.log(JSON.stringify(out));
} catch (error) {
  console.error(`verify-qr: ${error.message}`);
  process.exit(1);
}
