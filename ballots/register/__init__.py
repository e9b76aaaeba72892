"""The voter register of a round: who may vote (as person keys) and its eligibility source."""
