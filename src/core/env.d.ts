// The only host globals core may use: present in Node >= 18, browsers and web workers alike.
// Declared here because core's tsconfig loads neither Node's types nor the DOM library.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare const performance: { now(): number };
