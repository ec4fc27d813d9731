/**
 * A key-value store in IndexedDB (one object store), for what must survive a reload:
 * the learner's home directory and the shell history. Every failure (private browsing,
 * a browser without IndexedDB) degrades to "nothing saved" rather than breaking the page.
 */

const DB_NAME = "vkern-playground";
const STORE = "state";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** What index.html's inline script reads before the main script has loaded. */
export interface Prefetched {
  db: IDBDatabase;
  home?: unknown;
  history?: unknown;
}

declare global {
  interface Window {
    vkernPrefetch?: Promise<Prefetched | null>;
  }
}

export function openDatabase(name = DB_NAME): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => resolve(null);
      open.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

/** What the machine keeps its state in (IndexedDB in the page, a Map in tests). */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export class KeyValueStore implements Store {
  private db: Promise<IDBDatabase | null>;

  constructor(db: Promise<IDBDatabase | null> = openDatabase()) {
    this.db = db;
  }

  /** Whether the browser gave us a database at all. */
  async available(): Promise<boolean> {
    return (await this.db) !== null;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const db = await this.db;
    if (!db) return undefined;
    try {
      return (await request(db.transaction(STORE, "readonly").objectStore(STORE).get(key))) as
        | T
        | undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a value; resolves once the transaction has committed. */
  async set(key: string, value: unknown): Promise<boolean> {
    const db = await this.db;
    if (!db) return false;
    return new Promise((resolve) => {
      try {
        const tx = db.transaction(STORE, "readwrite");
        tx.objectStore(STORE).put(value, key);
        tx.oncomplete = () => resolve(true);
        tx.onerror = () => resolve(false);
        tx.onabort = () => resolve(false);
      } catch {
        resolve(false);
      }
    });
  }

  async delete(key: string): Promise<void> {
    const db = await this.db;
    if (!db) return;
    await new Promise<void>((resolve) => {
      const tx = db.transaction(STORE, "readwrite");
      tx.objectStore(STORE).delete(key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
    });
  }
}
