"""The performance dashboard: figures, charts, cases and exports."""
