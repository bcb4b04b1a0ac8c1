"""Connection monitor: probes, rollups, outages and traceroutes for chosen targets."""
