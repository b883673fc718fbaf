// The library in IndexedDB, for src/browser/storage.rs. IndexedDB's request-and-event
// API is spelled here once, as promises; every rule about what to keep lives in
// Rust and arrives as arguments. A save is one transaction over the document,
// its index entry and its history: all of it is stored, or (storage full, tab
// closed) none of it, and the previous copy stays whole.
//
// Stores: documents  id -> { rev, by, saved, body }   body: the document's JSON
//         entries    id -> the library entry's JSON
//         revisions  [id, saved] -> { entry, body }   older copies, newest kept

const NAME = "takt";
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("takt-library") : null;
let opening = null;

const STORES = ["documents", "entries", "revisions"];

/** Opens the database at `version` (undefined: as it is), creating any store it lacks. */
function openAt(version) {
  return new Promise((resolve, reject) => {
    const factory = globalThis.indexedDB;
    if (!factory) throw new DOMException("IndexedDB is not available", "SecurityError");
    const request = factory.open(NAME, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    request.onsuccess = () => {
      // A newer Takt in another tab may need the database: let it.
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new DOMException("an older Takt tab holds the library", "InvalidStateError"));
  });
}

function database() {
  if (!opening) {
    opening = openAt(undefined).then((db) => {
      // A database someone made without our stores is upgraded to have them.
      if (STORES.every((name) => db.objectStoreNames.contains(name))) return db;
      db.close();
      return openAt(db.version + 1);
    });
    // A failure is not remembered: the next call tries again.
    opening.catch(() => (opening = null));
  }
  return opening;
}

/** Runs `work(stores)` in one transaction; resolves with its result once committed. */
async function transaction(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORES, mode, { durability: "strict" });
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => reject(tx.failure || tx.error || new DOMException("the write was abandoned", "AbortError"));
    try {
      const stores = { documents: tx.objectStore("documents"), entries: tx.objectStore("entries"), revisions: tx.objectStore("revisions") };
      work(stores, (value) => (result = value), tx);
    } catch (error) {
      try {
        tx.abort();
      } catch {}
      reject(error);
    }
  });
}

/** A request's result, handed to `then` inside the same transaction; if `then`
 *  throws (a write refused), the whole transaction is undone with that error. */
function on(request, then) {
  request.onsuccess = () => {
    try {
      then(request.result);
    } catch (error) {
      request.transaction.failure = error;
      request.transaction.abort();
    }
  };
}

function announce(id) {
  if (channel) channel.postMessage(id);
}

const historyOf = (id) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

/** Every entry's JSON. */
export function entries() {
  return transaction("readonly", (s, done) => on(s.entries.getAll(), done));
}

/** A document's record, or undefined. */
export function read(id) {
  return transaction("readonly", (s, done) => on(s.documents.get(id), done));
}

/** Every document: [[id, record], ...]. */
export function readAll() {
  return transaction("readonly", (s, done) =>
    on(s.documents.getAllKeys(), (keys) => on(s.documents.getAll(), (records) => done(keys.map((k, i) => [k, records[i]])))),
  );
}

/**
 * Saves a document. With `known` (the revision this tab last read or wrote, or null
 * for a new document) the save is refused if another tab wrote since: the answer is
 * then { conflict: their record }. Without it (`force`), the save goes ahead.
 * Before the stored copy is replaced, it joins the history if the newest kept
 * copy is `spacing` ms older than it; the history keeps `keep` copies, none older
 * than `maxAge` ms.
 */
export function save(id, body, entry, by, saved, known, force, spacing, keep, maxAge) {
  return transaction("readwrite", (s, done) =>
    on(s.documents.get(id), (current) => {
      if (current && !force && current.rev !== known && current.by !== by) {
        done({ conflict: { rev: current.rev, by: current.by, saved: current.saved } });
        return;
      }
      const rev = current ? current.rev + 1 : (known || 0) + 1;
      s.documents.put({ rev, by, saved, body }, id);
      s.entries.put(entry, id);
      done({ rev });
      if (!current) return;
      on(s.entries.get(id), (oldEntry) =>
        on(s.revisions.getAllKeys(historyOf(id)), (keys) => {
          const newest = keys.length ? keys[keys.length - 1][1] : -Infinity;
          if (current.saved - newest >= spacing) {
            s.revisions.put({ entry: oldEntry || "", body: current.body }, [id, current.saved]);
            keys.push([id, current.saved]);
          }
          const excess = keys.length - keep;
          keys.forEach((key, i) => {
            if (i < excess || key[1] < saved - maxAge) s.revisions.delete(key);
          });
        }),
      );
    }),
  ).then((answer) => {
    if (answer.rev) announce(id);
    return answer;
  });
}

/** Removes a document and its entry (its history stays until `prune`). */
export function remove(id) {
  return transaction("readwrite", (s) => {
    s.documents.delete(id);
    s.entries.delete(id);
  }).then(() => announce(id));
}

/** Puts a document record and its entry back exactly as they were (undoing a delete). */
export function restore(id, record, entry) {
  return transaction("readwrite", (s) => {
    s.documents.put(record, id);
    s.entries.put(entry, id);
  }).then(() => announce(id));
}

/**
 * Moves saved copies in: items are [id, record, entry]. A copy already here at the
 * same or a later revision is kept. One transaction: all move, or none.
 */
export function bringIn(items) {
  const moved = { count: 0 };
  return transaction("readwrite", (s) => {
    for (const [id, record, entry] of items) {
      on(s.documents.get(id), (current) => {
        if (current && current.rev >= record.rev) return;
        s.documents.put(record, id);
        s.entries.put(entry, id);
        moved.count += 1;
      });
    }
  }).then(() => {
    announce("");
    return moved.count;
  });
}

/** A document's older copies: [[saved, entry], ...], newest first. */
export function history(id) {
  return transaction("readonly", (s, done) =>
    on(s.revisions.getAll(historyOf(id)), (records) =>
      on(s.revisions.getAllKeys(historyOf(id)), (keys) => done(keys.map((k, i) => [k[1], records[i].entry]).reverse())),
    ),
  );
}

/** One older copy's document JSON. */
export function revision(id, saved) {
  return transaction("readonly", (s, done) => on(s.revisions.get([id, saved]), (r) => done(r ? r.body : undefined)));
}

/** Drops the history of documents no longer in the library. */
export function prune() {
  return transaction("readwrite", (s) =>
    on(s.documents.getAllKeys(), (ids) => {
      const kept = new Set(ids);
      on(s.revisions.getAllKeys(), (keys) => keys.filter((k) => !kept.has(k[0])).forEach((k) => s.revisions.delete(k)));
    }),
  );
}

/** Calls `listener(id)` when another tab changes the library ("" for many documents). */
export function watch(listener) {
  if (channel) channel.onmessage = (event) => listener(String(event.data));
}

/** Asks the browser not to evict the library; resolves whether it will not. */
export async function persist() {
  const manager = globalThis.navigator && navigator.storage;
  if (!manager || !manager.persist) return false;
  return (await manager.persisted()) || (await manager.persist());
}

/** [used, available] bytes, or undefined where the browser does not say. */
export async function estimate() {
  const manager = globalThis.navigator && navigator.storage;
  if (!manager || !manager.estimate) return undefined;
  const { usage, quota } = await manager.estimate();
  return [usage || 0, quota || 0];
}
