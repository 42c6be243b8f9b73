-- Hand-written: the hourly and daily totals are trigger-owned. Every figure summed from them was
-- only as good as the last stray UPDATE, DELETE or TRUNCATE of them. Now only two writers may
-- change them: the LedgerEntry insert trigger (add_to_ledger_hourly_totals) and
-- ledger_rebuild_totals(), which recomputes them from the entries after a bulk load.
--
-- How a writer is recognised: while its body runs, it sets the transaction-local marker
-- `marketdesk.ledger_totals_writer` to '<its name>@<its pg_trigger_depth()>' and puts the previous
-- value back afterwards (an error rolls the setting back with the (sub)transaction). The guard, a
-- BEFORE row trigger on each totals table, accepts a write only when the marker names a writer
-- running exactly one trigger level above it. So a write from a trigger of someone else's (on
-- LedgerEntry, on another table, or on the totals tables themselves, nested inside a sanctioned
-- write) is refused, which `pg_trigger_depth() > 1` alone would let through. TRUNCATE is always
-- refused, as on the ledger itself; the rebuild DELETEs.
--
-- What it does not stop: a session that sets the marker itself (SET LOCAL / set_config), turns
-- triggers off (session_replication_role = replica, ALTER TABLE … DISABLE TRIGGER), or drops or
-- replaces these functions and triggers, or adds a BEFORE trigger that rewrites NEW. All of these
-- need the table owner's or a superuser's rights, or are deliberate; the app connects as the
-- owner (and PGlite has only a superuser), so this guards against mistakes, not against an
-- attacker holding the app's credentials. The rebuild itself can only write sums of the
-- append-only entries.
CREATE FUNCTION refuse_direct_write_to_ledger_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  writer text := current_setting('marketdesk.ledger_totals_writer', true);
BEGIN
  IF TG_OP <> 'TRUNCATE' AND writer IN (
       'add_to_ledger_hourly_totals@' || (pg_trigger_depth() - 1),
       'ledger_rebuild_totals@' || (pg_trigger_depth() - 1)) THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is trigger-owned: % refused (only ledger postings and ledger_rebuild_totals() write it)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The insert trigger, as in ledger_daily_totals, between setting and restoring its marker.
CREATE OR REPLACE FUNCTION add_to_ledger_hourly_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous text := current_setting('marketdesk.ledger_totals_writer', true);
BEGIN
  PERFORM set_config('marketdesk.ledger_totals_writer', 'add_to_ledger_hourly_totals@' || pg_trigger_depth(), true);
  INSERT INTO "LedgerHourlyTotal" (currency, hour, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('hour', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM new_entries
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (currency, hour, "accountType") DO UPDATE
     SET amount = "LedgerHourlyTotal".amount + EXCLUDED.amount,
         "entryCount" = "LedgerHourlyTotal"."entryCount" + EXCLUDED."entryCount";
  INSERT INTO "LedgerDailyTotal" (currency, day, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('day', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM new_entries
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (currency, day, "accountType") DO UPDATE
     SET amount = "LedgerDailyTotal".amount + EXCLUDED.amount,
         "entryCount" = "LedgerDailyTotal"."entryCount" + EXCLUDED."entryCount";
  PERFORM set_config('marketdesk.ledger_totals_writer', COALESCE(previous, ''), true);
  RETURN NULL;
END;
$$;

-- The sanctioned rebuild: both totals recomputed from every entry, in the caller's transaction.
-- The EXCLUSIVE locks let readers go on (they see the old totals until commit) but make postings
-- wait, so none lands between the DELETE and the sums, and none is summed twice.
CREATE FUNCTION ledger_rebuild_totals() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  previous text := current_setting('marketdesk.ledger_totals_writer', true);
BEGIN
  LOCK TABLE "LedgerHourlyTotal", "LedgerDailyTotal" IN EXCLUSIVE MODE;
  PERFORM set_config('marketdesk.ledger_totals_writer', 'ledger_rebuild_totals@' || pg_trigger_depth(), true);
  DELETE FROM "LedgerHourlyTotal";
  DELETE FROM "LedgerDailyTotal";
  INSERT INTO "LedgerHourlyTotal" (currency, hour, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('hour', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM "LedgerEntry"
   GROUP BY 1, 2, 3;
  INSERT INTO "LedgerDailyTotal" (currency, day, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('day', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM "LedgerEntry"
   GROUP BY 1, 2, 3;
  PERFORM set_config('marketdesk.ledger_totals_writer', COALESCE(previous, ''), true);
END;
$$;

CREATE TRIGGER "LedgerHourlyTotal_trigger_owned" BEFORE INSERT OR UPDATE OR DELETE ON "LedgerHourlyTotal"
  FOR EACH ROW EXECUTE FUNCTION refuse_direct_write_to_ledger_totals();
CREATE TRIGGER "LedgerHourlyTotal_no_truncate" BEFORE TRUNCATE ON "LedgerHourlyTotal"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_write_to_ledger_totals();
CREATE TRIGGER "LedgerDailyTotal_trigger_owned" BEFORE INSERT OR UPDATE OR DELETE ON "LedgerDailyTotal"
  FOR EACH ROW EXECUTE FUNCTION refuse_direct_write_to_ledger_totals();
CREATE TRIGGER "LedgerDailyTotal_no_truncate" BEFORE TRUNCATE ON "LedgerDailyTotal"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_write_to_ledger_totals();
