"""Journal and incidents: what went wrong, grouped, with attachments, import and export."""
