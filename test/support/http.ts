import type supertest from 'supertest';

/** The response body as bytes, for `.buffer(true).parse(binary)` (supertest leaves unknown types unparsed). */
export const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
