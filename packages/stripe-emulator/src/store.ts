/**
 * The emulator's state: every Stripe object it has made (typed by the SDK's own types), the
 * idempotency keys it has seen, and a few fixed facts (platform account id, signing secret).
 *
 * Durability: each committed request appends one JSON line with the records it changed to
 * `journal.ndjson`; on open and on close the whole state is written to `state.json` atomically
 * (temp file + rename) and the journal is emptied. `state.json` holds one JSON value per line (a
 * header with the format version and meta, then one line per record or idempotency key), written
 * and read as a stream, so a state far larger than one JavaScript string (a year of a large
 * seed: millions of objects) still round-trips. Opening reads `state.json` and replays the
 * journal, so state survives a restart or a crash (a torn last line is ignored). Replaying a
 * line twice is harmless: a line holds whole records, not changes.
 *
 * One emulator per folder: `emulator.lock` holds the owner's pid; a second emulator on the same
 * folder is refused while that process lives (a lock left by a dead process is taken over).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type Stripe from 'stripe';

export type StripeObjectMap = {
  account: Stripe.Account;
  application_fee: Stripe.ApplicationFee;
  balance_transaction: Stripe.BalanceTransaction;
  charge: Stripe.Charge;
  checkout_session: Stripe.Checkout.Session;
  customer: Stripe.Customer;
  dispute: Stripe.Dispute;
  event: Stripe.Event;
  fee_refund: Stripe.FeeRefund;
  file: Stripe.File;
  payment_intent: Stripe.PaymentIntent;
  setup_intent: Stripe.SetupIntent;
  payout: Stripe.Payout;
  refund: Stripe.Refund;
  transfer: Stripe.Transfer;
  transfer_reversal: Stripe.TransferReversal;
};
export type ObjectType = keyof StripeObjectMap;
export type StripeObject = StripeObjectMap[ObjectType];

export interface StoredRecord<T extends ObjectType = ObjectType> {
  id: string;
  type: T;
  /** Owning account: null for the platform, `acct_…` for a connected account. */
  account: string | null;
  /** Insertion order, the tie-breaker for lists when `created` is equal. */
  seq: number;
  data: StripeObjectMap[T];
}

export interface IdempotencyRecord {
  /** `platform` or the connected account id: keys are scoped per account, as at Stripe. */
  scope: string;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of the canonical parameters. */
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
  /** Epoch milliseconds on the emulator's clock; keys are forgotten after 24 hours of it, as at Stripe. */
  createdAtMs: number;
}

export interface StoreMeta {
  platformAccountId: string;
  /**
   * When the platform account was made (Unix seconds, real time): the first start on this folder.
   * A state saved before this field existed gets the time of the first start that reads it.
   */
  platformCreated: number;
  applicationId: string;
  webhookSecret: string;
  /** Signing secret of the Connect endpoint (connected accounts' events); made on the first start that lacks one. */
  connectWebhookSecret?: string;
  seq: number;
  /**
   * Checkout Session id → the `payment_intent_data` its PaymentIntent is made with once the buyer
   * pays (Stripe makes it then); dropped when it is made.
   */
  checkoutPaymentIntents?: Record<string, unknown>;
  /** Customer id → the decline every later charge of that customer meets (emulator control). */
  customerDeclines?: Record<string, { code: string; declineCode?: string; message: string }>;
}

interface JournalLine {
  records?: StoredRecord[];
  idempotency?: IdempotencyRecord[];
  /** Whole meta, when something other than `seq` changed. */
  meta?: StoreMeta;
  /** The insertion counter after this line. */
  seq?: number;
  /** Event id → its `pending_webhooks` after a delivery finished (not the whole event again). */
  webhooks?: Record<string, number>;
}

/** `state.json`'s first line; every later line is `{ "record": … }` or `{ "idempotency": … }`. */
interface SnapshotHeader {
  version: 2;
  meta: StoreMeta;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Stripe keeps events for 30 days (docs.stripe.com/api/events). */
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export class Store {
  readonly meta: StoreMeta;
  private readonly dir: string;
  private readonly records = new Map<string, StoredRecord>();
  private readonly byType = new Map<ObjectType, StoredRecord[]>();
  /** The same records per type and owning account, so that an account's lists and balance do not scan everyone's. */
  private readonly byTypeAndAccount = new Map<string, StoredRecord[]>();
  /** Refunds per charge id (a refund's charge never changes), so that expanding a charge's refunds does not scan them all. */
  private readonly refundsByCharge = new Map<string, StoredRecord[]>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private readonly dirtyRecords = new Set<string>();
  private readonly dirtyKeys = new Set<string>();
  private isMetaDirty = false;
  private readonly dirtyWebhooks = new Map<string, number>();
  private writes: Promise<void> = Promise.resolve();
  /** The journal, open for appending between compactions (one open per compaction, not per commit). */
  private journal: fs.FileHandle | undefined;

  private constructor(dir: string, meta: StoreMeta) {
    this.dir = dir;
    this.meta = meta;
  }

  /**
   * Loads (or creates) the state kept in `dir`, then compacts it.
   * @param webhookSecret signing secret to use; when absent the stored one, or a new `whsec_…`.
   * @param connectWebhookSecret the Connect endpoint's signing secret, likewise.
   * @throws Error when another live process holds the folder, or when `state.json` or a journal
   *   line other than the last is not valid JSON.
   */
  static async open(dir: string, options: { webhookSecret?: string; connectWebhookSecret?: string } = {}): Promise<Store> {
    await fs.mkdir(dir, { recursive: true });
    await acquireLock(path.join(dir, 'emulator.lock'));
    const store = new Store(dir, {
      platformAccountId: `acct_${randomId(16)}`,
      platformCreated: Math.floor(Date.now() / 1000),
      applicationId: `ca_${randomId(24)}`,
      webhookSecret: `whsec_${randomId(32)}`,
      seq: 0,
    });
    await readSnapshot(path.join(dir, 'state.json'), (line) => store.apply(line));
    await readJournal(path.join(dir, 'journal.ndjson'), (line) => store.apply(line));

    if (options.webhookSecret) store.meta.webhookSecret = options.webhookSecret;
    if (options.connectWebhookSecret) store.meta.connectWebhookSecret = options.connectWebhookSecret;
    store.meta.connectWebhookSecret ??= `whsec_${randomId(32)}`;
    await store.compact();
    return store;
  }

  /** Applies one journal line or snapshot line (whole records, keys, meta). */
  private apply(line: JournalLine): void {
    for (const record of line.records ?? []) this.place(record);
    for (const record of line.idempotency ?? []) this.idempotency.set(idempotencyId(record.scope, record.key), record);
    if (line.meta) Object.assign(this.meta, line.meta);
    if (line.seq !== undefined) this.meta.seq = Math.max(this.meta.seq, line.seq);
    for (const [id, count] of Object.entries(line.webhooks ?? {})) {
      const event = this.get('event', id);
      if (event) event.pending_webhooks = count;
    }
  }

  /** Sets (or with null clears) the decline every charge of `customer` meets from now on. */
  /** Keeps (or, with null, drops) what Checkout Session `sessionId`'s PaymentIntent will be made of. */
  setCheckoutPaymentIntent(sessionId: string, data: unknown): void {
    const pending = { ...this.meta.checkoutPaymentIntents };
    if (data === null) delete pending[sessionId];
    else pending[sessionId] = data;
    this.meta.checkoutPaymentIntents = pending;
    this.isMetaDirty = true;
  }

  setCustomerDecline(customer: string, decline: { code: string; declineCode?: string; message: string } | null): void {
    const declines = { ...this.meta.customerDeclines };
    if (decline) declines[customer] = decline;
    else delete declines[customer];
    this.meta.customerDeclines = declines;
    this.isMetaDirty = true;
  }

  /** Next insertion number. */
  nextSeq(): number {
    this.meta.seq += 1;
    return this.meta.seq;
  }

  /** Sets an event's `pending_webhooks` (a delivery finished); the journal records only the count. */
  setPendingWebhooks(event: Stripe.Event, count: number): void {
    event.pending_webhooks = count;
    if (!this.dirtyRecords.has(event.id)) this.dirtyWebhooks.set(event.id, count);
  }

  /** Adds a new object owned by `account` (null = platform). */
  insert<T extends ObjectType>(type: T, account: string | null, data: StripeObjectMap[T]): StripeObjectMap[T] {
    const record: StoredRecord<T> = { id: data.id, type, account, seq: this.nextSeq(), data };
    this.place(record as unknown as StoredRecord);
    this.dirtyRecords.add(data.id);
    return data;
  }

  /** Marks an object changed in place so that the next commit persists it. */
  save(data: StripeObject): void {
    if (!this.records.has(data.id)) throw new Error(`save() of unknown object ${data.id}`);
    this.dirtyRecords.add(data.id);
    // The whole record goes to the journal: a count recorded before would override it on replay.
    this.dirtyWebhooks.delete(data.id);
  }

  /**
   * Forgets what Stripe no longer keeps at `nowSeconds` on the emulator's clock (Unix seconds):
   * events older than 30 days whose deliveries are all done (docs.stripe.com/api/events), and
   * idempotency keys older than 24 hours (docs.stripe.com/api/idempotent_requests) — so a
   * backdated year of history need not sit in memory. The next snapshot leaves them out; a
   * journal replayed before then brings them back until the next call.
   * @returns how many events it forgot.
   */
  forgetExpired(nowSeconds: number): number {
    const beforeSeconds = nowSeconds - EVENT_RETENTION_SECONDS;
    const events = this.byType.get('event') ?? [];
    const kept = events.filter((record) => (record.data as Stripe.Event).created >= beforeSeconds || (record.data as Stripe.Event).pending_webhooks > 0);
    const forgotten = events.length - kept.length;
    if (forgotten > 0) {
      const keptIds = new Set(kept.map((record) => record.id));
      for (const record of events) if (!keptIds.has(record.id)) this.records.delete(record.id);
      this.byType.set('event', kept);
      for (const [key, list] of this.byTypeAndAccount) {
        if (key.startsWith('event\u0000')) this.byTypeAndAccount.set(key, list.filter((record) => keptIds.has(record.id)));
      }
    }
    for (const [id, record] of this.idempotency) if (nowSeconds * 1000 - record.createdAtMs > IDEMPOTENCY_TTL_MS) this.idempotency.delete(id);
    return forgotten;
  }

  /** How many events are held. */
  get eventCount(): number {
    return this.byType.get('event')?.length ?? 0;
  }

  /** An object of `type` by id, whatever account owns it. */
  get<T extends ObjectType>(type: T, id: string): StripeObjectMap[T] | undefined {
    const record = this.records.get(id);
    return record && record.type === type ? (record.data as StripeObjectMap[T]) : undefined;
  }

  /** An object of `type` by id, only if `account` (null = platform) owns it. */
  getOwned<T extends ObjectType>(type: T, id: string, account: string | null): StripeObjectMap[T] | undefined {
    const record = this.records.get(id);
    return record && record.type === type && record.account === account ? (record.data as StripeObjectMap[T]) : undefined;
  }

  /** Any object by id (for `expand`). */
  getAny(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  /** All records of `type`, oldest first; only those owned by `account` unless it is `'any'`. */
  all<T extends ObjectType>(type: T, account: string | null | 'any'): StoredRecord<T>[] {
    const list = account === 'any' ? this.byType.get(type) : this.byTypeAndAccount.get(ownerKey(type, account));
    return (list ?? []) as unknown as StoredRecord<T>[];
  }

  /** The refunds of charge `chargeId`, oldest first. */
  refundsOfCharge(chargeId: string): StoredRecord<'refund'>[] {
    return (this.refundsByCharge.get(chargeId) ?? []) as unknown as StoredRecord<'refund'>[];
  }

  /** The key's saved answer, unless older than 24 hours at `nowMs` (the emulator's clock, epoch ms). */
  getIdempotency(scope: string, key: string, nowMs: number): IdempotencyRecord | undefined {
    const record = this.idempotency.get(idempotencyId(scope, key));
    if (record && nowMs - record.createdAtMs > IDEMPOTENCY_TTL_MS) return undefined;
    return record;
  }

  putIdempotency(record: IdempotencyRecord): void {
    const id = idempotencyId(record.scope, record.key);
    this.idempotency.set(id, record);
    this.dirtyKeys.add(id);
  }

  /** Appends everything changed since the last commit to the journal; resolves once written. */
  commit(): Promise<void> {
    if (this.dirtyRecords.size === 0 && this.dirtyKeys.size === 0 && this.dirtyWebhooks.size === 0 && !this.isMetaDirty) return this.writes;
    const line: JournalLine = {
      // Changed, then forgotten (forgetExpired) before this commit: nothing to keep.
      records: [...this.dirtyRecords].flatMap((id) => this.records.get(id) ?? []),
      idempotency: [...this.dirtyKeys].flatMap((id) => this.idempotency.get(id) ?? []),
      ...(this.isMetaDirty ? { meta: this.meta } : {}),
      seq: this.meta.seq,
      ...(this.dirtyWebhooks.size > 0 ? { webhooks: Object.fromEntries(this.dirtyWebhooks) } : {}),
    };
    const text = `${JSON.stringify(line)}\n`;
    this.dirtyRecords.clear();
    this.dirtyKeys.clear();
    this.dirtyWebhooks.clear();
    this.isMetaDirty = false;
    const write = this.writes.then(() => this.appendToJournal(text));
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async appendToJournal(text: string): Promise<void> {
    this.journal ??= await fs.open(path.join(this.dir, 'journal.ndjson'), 'a');
    await this.journal.appendFile(text);
  }

  /**
   * Writes `state.json` atomically and empties the journal — in the same queue as the journal's
   * appends, so a commit made meanwhile is either in the snapshot or appended after the reset.
   */
  compact(): Promise<void> {
    // A failed append is covered: the snapshot below holds everything in memory.
    this.commit().catch(() => undefined);
    const job = this.writes.then(async () => {
      await this.journal?.close();
      this.journal = undefined;
      const records = [...this.records.values()].sort((a, b) => a.seq - b.seq);
      // Every key held: they age on the emulator's clock (forgetExpired), which a seed shifts into the past.
      const idempotency = [...this.idempotency.values()];
      const header: SnapshotHeader = { version: 2, meta: this.meta };
      await writeLinesAtomic(path.join(this.dir, 'state.json'), (function* () {
        yield JSON.stringify(header);
        for (const record of records) yield JSON.stringify({ record });
        for (const record of idempotency) yield JSON.stringify({ idempotency: record });
      })());
      await writeFileAtomic(path.join(this.dir, 'journal.ndjson'), '');
    });
    this.writes = job.catch(() => undefined);
    return job;
  }

  /** Compacts and gives the folder up for another emulator. */
  async close(): Promise<void> {
    await this.compact();
    await fs.rm(path.join(this.dir, 'emulator.lock'), { force: true });
  }

  private place(record: StoredRecord): void {
    const existing = this.records.get(record.id);
    if (existing) {
      existing.data = record.data;
      if (existing.account !== record.account) {
        const from = this.byTypeAndAccount.get(ownerKey(existing.type, existing.account))!;
        from.splice(from.indexOf(existing), 1);
        existing.account = record.account;
        insertBySeq(listOf(this.byTypeAndAccount, ownerKey(existing.type, existing.account)), existing);
      }
      return;
    }
    this.records.set(record.id, record);
    listOf(this.byType, record.type).push(record);
    listOf(this.byTypeAndAccount, ownerKey(record.type, record.account)).push(record);
    if (record.type === 'refund') listOf(this.refundsByCharge, String((record.data as Stripe.Refund).charge)).push(record);
  }
}

/** Writes `file` so that readers see the old or the new content, never a torn one. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomId(8)}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

/** Writes `lines` (each followed by a newline) to `file` in chunks of about 1 MB, atomically like writeFileAtomic. */
async function writeLinesAtomic(file: string, lines: Iterable<string>): Promise<void> {
  const temp = `${file}.${process.pid}.${randomId(8)}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += `${line}\n`;
      if (chunk.length >= 1 << 20) {
        await handle.writeFile(chunk);
        chunk = '';
      }
    }
    if (chunk) await handle.writeFile(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

/** `length` random characters from [0-9A-Za-z], the alphabet of Stripe's ids. */
export function randomId(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

async function acquireLock(file: string): Promise<void> {
  try {
    await fs.writeFile(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number((await fs.readFile(file, 'utf8')).trim());
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
    throw new Error(`Another Stripe emulator (pid ${owner}) uses ${path.dirname(file)}; share it by its URL or give this one another data folder`);
  }
  await fs.writeFile(file, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerKey(type: ObjectType, account: string | null): string {
  return `${type}\u0000${account ?? ''}`;
}

function listOf<K>(map: Map<K, StoredRecord[]>, key: K): StoredRecord[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** Puts `record` in `list` (ordered by seq) at its place. */
function insertBySeq(list: StoredRecord[], record: StoredRecord): void {
  const at = list.findIndex((other) => other.seq > record.seq);
  list.splice(at === -1 ? list.length : at, 0, record);
}

function idempotencyId(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}

/** Non-empty lines of `file`, streamed (nothing when the file does not exist). */
async function* readLines(file: string): AsyncGenerator<string> {
  if (!existsSync(file)) return;
  const lines = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}

/**
 * Streams `state.json` to `apply` as journal lines: the header's meta, then each record and key.
 * A version-1 file (the whole state as one JSON value, written before version 2) is read too.
 * @throws Error on an unknown version or a line that is not JSON.
 */
async function readSnapshot(file: string, apply: (line: JournalLine) => void): Promise<void> {
  let number = 0;
  for await (const text of readLines(file)) {
    number += 1;
    let line: { version?: number; meta?: StoreMeta; record?: StoredRecord; records?: StoredRecord[]; idempotency?: IdempotencyRecord | IdempotencyRecord[] };
    try {
      line = JSON.parse(text) as typeof line;
    } catch (error) {
      throw new Error(`${file}: line ${number} is not valid JSON`, { cause: error });
    }
    if (number > 1) apply({ ...(line.record ? { records: [line.record] } : {}), ...(line.idempotency && !Array.isArray(line.idempotency) ? { idempotency: [line.idempotency] } : {}) });
    else if (line.version === 1 && line.meta) apply({ meta: line.meta, records: line.records ?? [], idempotency: Array.isArray(line.idempotency) ? line.idempotency : [] });
    else if (line.version === 2 && line.meta) apply({ meta: line.meta });
    else throw new Error(`${file}: unsupported state version ${String(line.version)}`);
  }
}

/** Streams the journal's lines to `apply`; a torn last line (a crash mid-append: that request never got its answer) is ignored. @throws Error when another line is not JSON. */
async function readJournal(file: string, apply: (line: JournalLine) => void): Promise<void> {
  let number = 0;
  let torn: { number: number; error: unknown } | undefined;
  for await (const text of readLines(file)) {
    number += 1;
    if (torn) throw new Error(`${file}: line ${torn.number} is not valid JSON`, { cause: torn.error });
    try {
      apply(JSON.parse(text) as JournalLine);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      torn = { number, error };
    }
  }
}
