/** Shapes shared by the seed steps. */

/** Rows this seed run inserted vs. rows it found already there (matched on the unique key). */
export interface TableCount {
  created: number;
  existing: number;
}
