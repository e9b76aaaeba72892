"""The ballot box: voting codes, participations, secret ballots and the fast durable cast."""
