declare module 'sm-crypto' {
  interface SignOptions {
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
  }
  export const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string | number[], privateKey: string, options?: SignOptions): string;
    doVerifySignature(msg: string | number[], signHex: string, publicKey: string, options?: SignOptions): boolean;
    getPublicKeyFromPrivateKey(privateKey: string): string;
  };
  export function sm3(msg: string | number[]): string;
  export const sm4: {
    encrypt(msg: string | number[], key: string | number[], options?: { output?: 'string' | 'array'; padding?: string }): string;
    decrypt(msg: string | number[], key: string | number[], options?: { output?: 'string' | 'array'; padding?: string }): string;
  };
}
