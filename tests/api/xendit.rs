//! Xendit Invoices end to end against the fake Xendit.
