"""Area programmes (gebiedsprogramma's): yearly budgets per area, with budget lines."""
