-- Guards that abort a batched state change: inserting a non-null value fails the CHECK
-- constraint named after the reason, and the store maps that name to its error.
-- The table never holds a row.
create table change_guards (
    already_processed integer constraint already_processed check (already_processed is null),
    cas_conflict integer constraint cas_conflict check (cas_conflict is null)
);
