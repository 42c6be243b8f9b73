-- Hand-written: the ledger is append-only against TRUNCATE too, as the audit log already is.
-- Row triggers refuse UPDATE and DELETE on LedgerTransaction and LedgerEntry, but TRUNCATE fires
-- no row trigger: `TRUNCATE "LedgerEntry" CASCADE` emptied the ledger. A statement trigger on each
-- table refuses it (a CASCADE from either table reaches the other and is refused there too).
CREATE TRIGGER "LedgerTransaction_no_truncate" BEFORE TRUNCATE ON "LedgerTransaction"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER "LedgerEntry_no_truncate" BEFORE TRUNCATE ON "LedgerEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
