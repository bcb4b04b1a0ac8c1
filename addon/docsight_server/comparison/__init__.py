"""Before/after comparison of two periods: averages, error totals and a verdict."""
