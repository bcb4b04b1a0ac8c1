"""Development helpers: bring up Home Assistant with the integration already set up."""
