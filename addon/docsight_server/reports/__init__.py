"""Reports: the PDF report, the incident PDF and the complaint letter."""
