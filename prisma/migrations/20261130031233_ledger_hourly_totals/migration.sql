-- CreateTable
CREATE TABLE "LedgerHourlyTotal" (
    "currency" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "accountType" "LedgerAccountType" NOT NULL,
    "amount" BIGINT NOT NULL,
    "entryCount" INTEGER NOT NULL,

    CONSTRAINT "LedgerHourlyTotal_pkey" PRIMARY KEY ("currency","hour","accountType")
);


-- Every insert into LedgerEntry adds its entries to the hourly totals in the same transaction,
-- one upsert per (currency, hour, account) per statement, in key order so that concurrent
-- postings lock the totals rows in the same order.
CREATE FUNCTION add_to_ledger_hourly_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LedgerHourlyTotal" (currency, hour, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('hour', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM new_entries
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (currency, hour, "accountType") DO UPDATE
     SET amount = "LedgerHourlyTotal".amount + EXCLUDED.amount,
         "entryCount" = "LedgerHourlyTotal"."entryCount" + EXCLUDED."entryCount";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "LedgerEntry_hourly_totals" AFTER INSERT ON "LedgerEntry"
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION add_to_ledger_hourly_totals();

-- The ledger written before this migration.
INSERT INTO "LedgerHourlyTotal" (currency, hour, "accountType", amount, "entryCount")
SELECT currency, date_trunc('hour', "occurredAt"), "accountType", SUM(amount), COUNT(*)
  FROM "LedgerEntry"
 GROUP BY 1, 2, 3;
