-- CreateTable
CREATE TABLE "LedgerDailyTotal" (
    "currency" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "accountType" "LedgerAccountType" NOT NULL,
    "amount" BIGINT NOT NULL,
    "entryCount" INTEGER NOT NULL,

    CONSTRAINT "LedgerDailyTotal_pkey" PRIMARY KEY ("currency","day","accountType")
);


-- The insert trigger now keeps the daily totals too, in the same statement-level pass.
CREATE OR REPLACE FUNCTION add_to_ledger_hourly_totals() RETURNS trigger
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
  INSERT INTO "LedgerDailyTotal" (currency, day, "accountType", amount, "entryCount")
  SELECT currency, date_trunc('day', "occurredAt"), "accountType", SUM(amount), COUNT(*)
    FROM new_entries
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (currency, day, "accountType") DO UPDATE
     SET amount = "LedgerDailyTotal".amount + EXCLUDED.amount,
         "entryCount" = "LedgerDailyTotal"."entryCount" + EXCLUDED."entryCount";
  RETURN NULL;
END;
$$;

-- The ledger written before this migration.
INSERT INTO "LedgerDailyTotal" (currency, day, "accountType", amount, "entryCount")
SELECT currency, date_trunc('day', "occurredAt"), "accountType", SUM(amount), COUNT(*)
  FROM "LedgerEntry"
 GROUP BY 1, 2, 3;
