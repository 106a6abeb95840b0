export interface DiskKeys {
    /** Encrypts and decrypts answers. */
    seal: CryptoKey;
    /** Digests ids and tags. */
    name: CryptoKey;
}
/** A sealed answer, as stored. */
export interface SealedValue {
    iv: Uint8Array<ArrayBuffer>;
    data: ArrayBuffer;
}
/** The keys of the disk cache: from the app's secret when it gives one, else this origin's stored ones. */
export declare function diskKeys(secret: (() => string | Promise<string>) | undefined): Promise<DiskKeys>;
/** The id an entry's clear key is stored under: an HMAC, which nobody without the keys can compute. */
export declare function digest(keys: DiskKeys, text: string): Promise<string>;
/**
 * The tag (model) an entry is filed under, hashed but keyless: a write must drop every user's
 * entries of its model, whoever's keys sealed them. Hashed, model names do not show at a glance;
 * they are not secret (a list of model names finds them).
 */
export declare function tagDigest(tag: string): Promise<string>;
export declare function seal(keys: DiskKeys, id: string, json: string): Promise<SealedValue>;
/** The JSON sealed in `value`, or undefined when it does not open (another key sealed it, or it was altered). */
export declare function unseal(keys: DiskKeys, id: string, value: SealedValue): Promise<string | undefined>;
