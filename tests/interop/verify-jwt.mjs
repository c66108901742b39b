// Checks a SealService JWT (trust list, and any other vc+jwt) with panva's `jose`, a library nobody at SealService wrote.
// Usage: node verify-jwt.mjs <file with the compact JWS> <certificate.pem of the expected signer> <alg> <typ>
// jose checks the signature, alg, typ, exp/nbf/iat. The x5c header's first certificate must be the given one.
// Prints the payload as JSON and exits 0; exits 1 with a message on stderr otherwise.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';

const [file, certificateFile, alg, typ] = process.argv.slice(2);
if (!file || !certificateFile || !alg || !typ) {
  console.error('usage: node verify-jwt.mjs <jwt file> <certificate.pem> <alg> <typ>');
  process.exit(2);
}

try {
  const jwt = readFileSync(file, 'utf8').trim();
  const pem = readFileSync(certificateFile, 'utf8');
  const header = decodeProtectedHeader(jwt);
  if (!Array.isArray(header.x5c) || header.x5c.length < 1) throw new Error('no x5c header');
  const expected = new X509Certificate(pem);
  const first = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
  if (!first.raw.equals(expected.raw)) throw new Error('x5c[0] is not the expected certificate');
  const key = await importX509(pem, alg);
  const { payload } = await jwtVerify(jwt, key, { algorithms: [alg], typ });
  console.log(JSON.stringify(payload));
} catch (error) {
  console.error(`verify-jwt: ${error.code ?? ''} ${error.message}`);
  process.exit(1);
}
