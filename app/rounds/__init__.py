"""Budget rounds: a council's round for an area, its phases, dates and rules."""
