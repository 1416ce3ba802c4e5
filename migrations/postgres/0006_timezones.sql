-- Each seller's time zone, an IANA name such as Asia/Bangkok: every time shown to the
-- seller or their buyers is in it. Times stay stored as UTC milliseconds.

-- null: the zone in sellers.default_timezone (existing sellers, and new ones whose zone
-- registration could not guess), so they follow the operator's default.
alter table sellers add column timezone text;
