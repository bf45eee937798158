"""The shared queue: its queries, change notification, workload and listings."""
