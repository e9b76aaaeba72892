"""Monitoring: dashboards of rounds, turnout, money and delivery, per area and municipality."""
