"""The read side: dashboards and open data, reading every module through its queries."""
