"""The job runner: durable jobs on the database with leases, heartbeats, retries and a mail outbox."""
