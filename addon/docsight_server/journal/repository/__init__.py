"""All of the journal's SQL: entries, attachments and incidents."""
