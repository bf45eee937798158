"""The live queue of open referrals: its model, cells, filters and the workload view."""
