/**
 * What the disk cache stores is sealed: each answer is encrypted with AES-GCM (256-bit key, fresh
 * 96-bit IV, the entry's id as additional data, so an entry cannot be moved to another id); ids
 * are HMAC-SHA-256 digests of the read's key (route, params, user), so none of them is stored in
 * clear; model tags are SHA-256 hashes (hidden at a glance, not secret). The keys are non-extractable CryptoKeys: derived (HKDF) from `config.rpc.cacheSecret`
 * when the app gives one (never stored), else random and kept in a database of their own, never
 * beside the entries.
 */
import type { Browser } from "../../../browser.js";
import { done, openDatabase } from "../../../idb.js";

const KEY_DB = "owl-services-cache-key";
const KEYS = "keys";

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

function subtle(browser: Browser): SubtleCrypto {
  const crypto = browser.subtle;
  if (!crypto) throw new Error("this page has no Web Crypto (crypto.subtle needs a secure context: https or localhost)");
  return crypto;
}

const encoder = new TextEncoder();

/** Keys derived from an app's secret (for example a per-user secret from the server's session info). */
async function derivedKeys(browser: Browser, secret: string): Promise<DiskKeys> {
  const crypto = subtle(browser);
  const base = await crypto.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const derive = (info: string, algorithm: AesKeyGenParams | HmacKeyGenParams, usages: KeyUsage[]) =>
    crypto.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: encoder.encode(info) }, base, algorithm, false, usages);
  const [seal, name] = await Promise.all([
    derive("owl-services disk cache: seal", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]),
    derive("owl-services disk cache: name", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]),
  ]);
  return { seal, name };
}

/** This origin's random keys, made on first use and kept (as non-extractable CryptoKeys) in a database of their own. */
async function storedKeys(browser: Browser): Promise<DiskKeys> {
  const db = await openDatabase(browser, KEY_DB, 1, (created) => created.createObjectStore(KEYS));
  try {
    const found = (await done(db.transaction(KEYS, "readonly").objectStore(KEYS).get("disk"))) as DiskKeys | undefined;
    if (found) return found;
    const crypto = subtle(browser);
    const made: DiskKeys = {
      seal: await crypto.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]),
      name: (await crypto.generateKey({ name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"])) as CryptoKey,
    };
    // `add`, not `put`: when two tabs make keys at once, the first one stored is the one both use.
    const transaction = db.transaction(KEYS, "readwrite");
    const added = done(transaction.objectStore(KEYS).add(made, "disk")).then(
      () => made,
      async () => (await done(db.transaction(KEYS, "readonly").objectStore(KEYS).get("disk"))) as DiskKeys,
    );
    return await added;
  } finally {
    db.close();
  }
}

/** The keys of the disk cache: from the app's secret when it gives one, else this origin's stored ones. */
export async function diskKeys(browser: Browser, secret: (() => string | Promise<string>) | undefined): Promise<DiskKeys> {
  if (!secret) return storedKeys(browser);
  const value = await secret();
  if (typeof value !== "string" || value.length < 16) {
    throw new Error(`config.rpc.cacheSecret must give a string of at least 16 characters, got ${typeof value === "string" ? `${value.length} characters` : typeof value}`);
  }
  return derivedKeys(browser, value);
}

const hex = (buffer: ArrayBuffer) => {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += byte.toString(16).padStart(2, "0");
  return text;
};

/** The id an entry's clear key is stored under: an HMAC, which nobody without the keys can compute. */
export async function digest(browser: Browser, keys: DiskKeys, text: string): Promise<string> {
  return hex(await subtle(browser).sign("HMAC", keys.name, encoder.encode(text)));
}

/**
 * The tag (model) an entry is filed under, hashed but keyless: a write must drop every user's
 * entries of its model, whoever's keys sealed them. Hashed, model names do not show at a glance;
 * they are not secret (a list of model names finds them).
 */
export async function tagDigest(browser: Browser, tag: string): Promise<string> {
  return hex(await subtle(browser).digest("SHA-256", encoder.encode(`owl-services tag\u0000${tag}`)));
}

export async function seal(browser: Browser, keys: DiskKeys, id: string, json: string): Promise<SealedValue> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle(browser).encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(id) }, keys.seal, encoder.encode(json));
  return { iv, data };
}

/** The JSON sealed in `value`, or undefined when it does not open (another key sealed it, or it was altered). */
export async function unseal(browser: Browser, keys: DiskKeys, id: string, value: SealedValue): Promise<string | undefined> {
  try {
    const plain = await subtle(browser).decrypt({ name: "AES-GCM", iv: value.iv, additionalData: encoder.encode(id) }, keys.seal, value.data);
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
