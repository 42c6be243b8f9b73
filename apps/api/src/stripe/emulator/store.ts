/**
 * The emulator's state: every Stripe object it has made (typed by the SDK's own types), the
 * idempotency keys it has seen, and a few fixed facts (platform account id, signing secret).
 *
 * Durability: each committed request appends one JSON line with the records it changed to
 * `journal.ndjson`; on open and on close the whole state is written to `state.json` atomically
 * (temp file + rename) and the journal is emptied. Opening reads `state.json` and replays the
 * journal, so state survives a restart or a crash (a torn last line is ignored). Replaying a
 * line twice is harmless: a line holds whole records, not changes.
 *
 * One emulator per folder: `emulator.lock` holds the owner's pid; a second emulator on the same
 * folder is refused while that process lives (a lock left by a dead process is taken over).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Stripe from 'stripe';

export type StripeObjectMap = {
  account: Stripe.Account;
  application_fee: Stripe.ApplicationFee;
  balance_transaction: Stripe.BalanceTransaction;
  charge: Stripe.Charge;
  customer: Stripe.Customer;
  dispute: Stripe.Dispute;
  event: Stripe.Event;
  fee_refund: Stripe.FeeRefund;
  payment_intent: Stripe.PaymentIntent;
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
  /** Epoch milliseconds; keys are forgotten after 24 hours, as at Stripe. */
  createdAtMs: number;
}

export interface StoreMeta {
  platformAccountId: string;
  applicationId: string;
  webhookSecret: string;
  seq: number;
  /** Customer id → the decline every later charge of that customer meets (emulator control). */
  customerDeclines?: Record<string, { code: string; declineCode?: string; message: string }>;
}

interface JournalLine {
  records?: StoredRecord[];
  idempotency?: IdempotencyRecord[];
  meta?: StoreMeta;
}

interface Snapshot {
  version: 1;
  meta: StoreMeta;
  records: StoredRecord[];
  idempotency: IdempotencyRecord[];
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export class Store {
  readonly meta: StoreMeta;
  private readonly dir: string;
  private readonly records = new Map<string, StoredRecord>();
  private readonly byType = new Map<ObjectType, StoredRecord[]>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private readonly dirtyRecords = new Set<string>();
  private readonly dirtyKeys = new Set<string>();
  private isMetaDirty = false;
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
   * @throws Error when another live process holds the folder, or when `state.json` or a journal
   *   line other than the last is not valid JSON.
   */
  static async open(dir: string, options: { webhookSecret?: string } = {}): Promise<Store> {
    await fs.mkdir(dir, { recursive: true });
    await acquireLock(path.join(dir, 'emulator.lock'));
    const snapshot = await readSnapshot(path.join(dir, 'state.json'));
    const meta: StoreMeta = snapshot?.meta ?? {
      platformAccountId: `acct_${randomId(16)}`,
      applicationId: `ca_${randomId(24)}`,
      webhookSecret: `whsec_${randomId(32)}`,
      seq: 0,
    };
    const store = new Store(dir, meta);
    for (const record of snapshot?.records ?? []) store.place(record);
    for (const record of snapshot?.idempotency ?? []) store.idempotency.set(idempotencyId(record.scope, record.key), record);
    for (const line of await readJournal(path.join(dir, 'journal.ndjson'))) {
      for (const record of line.records ?? []) store.place(record);
      for (const record of line.idempotency ?? []) store.idempotency.set(idempotencyId(record.scope, record.key), record);
      if (line.meta) Object.assign(store.meta, line.meta);
    }
    if (options.webhookSecret) store.meta.webhookSecret = options.webhookSecret;
    await store.compact();
    return store;
  }

  /** Sets (or with null clears) the decline every charge of `customer` meets from now on. */
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
    this.isMetaDirty = true;
    return this.meta.seq;
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
    const list = (this.byType.get(type) ?? []) as unknown as StoredRecord<T>[];
    return account === 'any' ? list : list.filter((record) => record.account === account);
  }

  getIdempotency(scope: string, key: string): IdempotencyRecord | undefined {
    const record = this.idempotency.get(idempotencyId(scope, key));
    if (record && Date.now() - record.createdAtMs > IDEMPOTENCY_TTL_MS) return undefined;
    return record;
  }

  putIdempotency(record: IdempotencyRecord): void {
    const id = idempotencyId(record.scope, record.key);
    this.idempotency.set(id, record);
    this.dirtyKeys.add(id);
  }

  /** Appends everything changed since the last commit to the journal; resolves once written. */
  commit(): Promise<void> {
    if (this.dirtyRecords.size === 0 && this.dirtyKeys.size === 0 && !this.isMetaDirty) return this.writes;
    const line: JournalLine = {
      records: [...this.dirtyRecords].map((id) => this.records.get(id)!),
      idempotency: [...this.dirtyKeys].map((id) => this.idempotency.get(id)!),
      meta: this.meta,
    };
    const text = `${JSON.stringify(line)}\n`;
    this.dirtyRecords.clear();
    this.dirtyKeys.clear();
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
      const now = Date.now();
      const snapshot: Snapshot = {
        version: 1,
        meta: this.meta,
        records: [...this.records.values()].sort((a, b) => a.seq - b.seq),
        idempotency: [...this.idempotency.values()].filter((record) => now - record.createdAtMs <= IDEMPOTENCY_TTL_MS),
      };
      await writeFileAtomic(path.join(this.dir, 'state.json'), JSON.stringify(snapshot));
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
      existing.account = record.account;
      return;
    }
    this.records.set(record.id, record);
    const list = this.byType.get(record.type) ?? [];
    list.push(record);
    this.byType.set(record.type, list);
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

function idempotencyId(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}

async function readSnapshot(file: string): Promise<Snapshot | undefined> {
  if (!existsSync(file)) return undefined;
  const snapshot = JSON.parse(await fs.readFile(file, 'utf8')) as Snapshot;
  if (snapshot.version !== 1) throw new Error(`${file}: unsupported state version ${String(snapshot.version)}`);
  return snapshot;
}

async function readJournal(file: string): Promise<JournalLine[]> {
  if (!existsSync(file)) return [];
  const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
  const parsed: JournalLine[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      parsed.push(JSON.parse(line) as JournalLine);
    } catch (error) {
      // A crash mid-append leaves a torn last line: that request never got its answer.
      if (index === lines.length - 1) break;
      throw new Error(`${file}: line ${index + 1} is not valid JSON`, { cause: error });
    }
  }
  return parsed;
}
