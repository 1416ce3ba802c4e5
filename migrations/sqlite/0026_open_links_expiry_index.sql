-- The expiry sweep looks for open links whose time has come. Its index held every link,
-- closed ones included, and took a new entry each time a link changed status; this one
-- holds open links only: a link that is paid, cancelled or expired leaves it, and the
-- change that closes it writes no entry here.
drop index links_status_expires_at;
create index links_open_expiry on links (expires_at)
    where status in ('active', 'partially_paid');
