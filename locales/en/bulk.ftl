## Links in bulk from a CSV file sent to the bot (/bulk). Plain text: the door escapes it.
cmd-bulk = Many links at once from a CSV file
bulk-title = Many links from one CSV file
bulk-intro =
    Send me a CSV file (as a document) and I make one payment link per row.
    The first row names the columns: amount is required; currency (your default { $currency } when empty), description, custom_link_ref, merchant_order_id, usage_limit (a number or none), expiry_date, customer_name, customer_email, customer_phone, pay_via are optional.
    Commas or semicolons, quotes and Excel's "CSV UTF-8" all work. Up to { $rows } rows and { $size } per file.
    I answer with a CSV of the new links and the rows I could not use, with the reason. Sending the same file again makes no link twice.
bulk-template-caption = Template: fill in your rows and send the file back to me.
bulk-not-csv = I can only read CSV files here. Save your sheet as "CSV UTF-8" and send it as a document; /bulk sends a template.
bulk-too-large = This file is larger than { $size }. Split it into smaller files and send them one by one.
bulk-download-failed = I could not download this file. Please send it again.
bulk-not-utf8 = This file is not UTF-8 text. Save it as "CSV UTF-8" and send it again.
bulk-unreadable = I cannot read this file as CSV. Check that it has a header row and one link per row; /bulk sends a template.
bulk-unknown-column = I do not know the column { $column }. The columns are: { $columns }.
bulk-repeated-column = The column { $column } is there twice. Keep one and send the file again.
bulk-no-rows = This file has a header but no rows. Add one row per link.
bulk-too-many-rows = Rows in this file: { $rows }; I take at most { $max } per file. Split it and send the parts one by one.
bulk-progress = Creating links… rows done: { $done } of { $total }.
bulk-summary = Done. Rows: { $rows }, new links: { $created }, refused: { $refused }.
bulk-replayed = Made from this file earlier, the same links again (nothing made twice): { $count }.
bulk-result-caption = Your links ({ $count }): row, link id, URL, amount, description, reference.
bulk-refused-title = Rows not used ({ $count })
bulk-refused-line = Row { $row }, { $column }: { $reason }
bulk-refused-row = Row { $row }: { $reason }
bulk-refused-more = …and { $count } more.
bulk-why-amount = not an amount I can use (a number like 250 or 250.50)
bulk-why-amount-not-positive = the amount must be more than zero
bulk-why-amount-too-precise = too many decimals for this currency
bulk-why-currency = not a currency code I know (THB, USD, IDR…)
bulk-why-missing = required, but empty
bulk-why-too-long = too long
bulk-why-time = not a date and time like 2026-12-31T23:59:00Z
bulk-why-cells = more cells than columns (put a value with a comma or semicolon in quotes)
bulk-why-invalid = not a valid value
bulk-why-repeated = an earlier row of this file already uses this reference
bulk-why-taken = another of your links already uses this reference
bulk-why-changed = this row changed since you first sent this file; send the new version as a new file
bulk-why-provider = the payment provider refused this link; try again later
bulk-why-other = this row could not be processed; send it again
